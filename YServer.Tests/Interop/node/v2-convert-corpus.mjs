// Differential corpus for YUpdate.ConvertV2ToV1: seeded random yjs sessions over every content type,
// printed as JSON lines {name, v2, v1} where v1 = Y.convertUpdateFormatV2ToV1(v2) from real yjs, or
// {name, v2, error} when yjs itself throws. Usage: node v2-convert-corpus.mjs <seed> <sessions>
import * as Y from 'yjs'

const seed = Number(process.argv[2] ?? 1)
const sessions = Number(process.argv[3] ?? 40)

// mulberry32
const prng = s => () => {
  s |= 0; s = s + 0x6D2B79F5 | 0
  let t = Math.imul(s ^ s >>> 15, 1 | s)
  t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t
  return ((t ^ t >>> 14) >>> 0) / 4294967296
}
const rand = prng(seed)
const rint = n => Math.floor(rand() * n)
const pick = a => a[rint(a.length)]
const hex = u => Buffer.from(u).toString('hex')

const numbers = [0, -0, 1, -1, 42, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 53 - 1, 1.5, 0.1, 1e21, 1e-7, 123456789.125, NaN, Infinity, -Infinity, 3.4028234663852886e38, 5e-324]
const strings = ['', 'a', 'hello world', 'é', '😀', 'a😀b', '\u2028', '"quoted"\\', 'tab\tnew\nline', '\u0001']
const keys = ['a', 'b', '1', '0', '10', '__proto__x', 'k', 'x y', '😀', '4294967295']
const anyValue = depth => {
  switch (rint(depth > 2 ? 5 : 8)) {
    case 0: return pick(numbers)
    case 1: return pick(strings)
    case 2: return pick([true, false, null])
    case 3: return rint(1000) - 500
    case 4: return rand() * 1e6
    case 5: { const a = []; for (let i = rint(4); i > 0; i--) a.push(anyValue(depth + 1)); return a }
    case 6: { const o = {}; for (let i = rint(4); i > 0; i--) o[pick(keys)] = anyValue(depth + 1); return o }
    default: return new Uint8Array(Array.from({ length: rint(4) }, () => rint(256)))
  }
}
// values yjs accepts as array/map content (ContentAny): no Uint8Array at the top (that is ContentBinary)
const contentValue = () => { const v = anyValue(0); return v instanceof Uint8Array ? { bytes: v } : v }
const attrs = () => { const o = {}; for (let i = 1 + rint(2); i > 0; i--) o[pick(['bold', 'color', 'size', 'link', 'obj'])] = pick([true, null, '#f00', 1.5, anyValue(1)]); return o }

const out = []
const record = (name, v2) => {
  try {
    out.push({ name, v2: hex(v2), v1: hex(Y.convertUpdateFormatV2ToV1(v2)) })
  } catch (e) {
    out.push({ name, v2: hex(v2), error: String(e) })
  }
}

for (let s = 0; s < sessions; s++) {
  const docs = [new Y.Doc(), new Y.Doc()]
  docs.forEach((d, i) => { d.clientID = 1000 * (s + 1) + i })
  const updates = []
  docs.forEach(d => d.on('updateV2', (u, origin) => {
    if (origin === 'remote') return
    updates.push(u)
    docs.forEach(o => { if (o !== d) Y.applyUpdateV2(o, u, 'remote') })
  }))
  for (let step = 0; step < 25; step++) {
    const d = pick(docs)
    const t = d.getText('t'); const a = d.getArray('a'); const m = d.getMap('m'); const x = d.getXmlFragment('x')
    d.transact(() => {
      switch (rint(12)) {
        case 0: t.insert(rint(t.length + 1), pick(strings) || 'z', rint(3) === 0 ? attrs() : undefined); break
        case 1: if (t.length > 0) { const i = rint(t.length); t.delete(i, 1 + rint(t.length - i)) } break
        case 2: if (t.length > 0) { const i = rint(t.length); t.format(i, 1 + rint(t.length - i), attrs()) } break
        case 3: t.insertEmbed(rint(t.length + 1), pick([{ image: 'i.png' }, { v: anyValue(0), n: pick(numbers) }, new Uint8Array([1, 2]), [1, NaN, -0, anyValue(1)]]), rint(2) ? attrs() : undefined); break
        case 4: a.insert(rint(a.length + 1), Array.from({ length: 1 + rint(3) }, contentValue)); break
        case 5: if (a.length > 0) { const i = rint(a.length); a.delete(i, 1 + rint(Math.min(3, a.length - i))) } break
        case 6: a.insert(rint(a.length + 1), [pick([new Y.Map(), new Y.Array(), new Y.Text('nested'), new Uint8Array([9, 8, 7])])]); break
        case 7: m.set(pick(keys), contentValue()); break
        case 8: if (m.size > 0) m.delete(pick(Array.from(m.keys()))); break
        case 9: m.set(pick(keys), new Y.Doc({ guid: 'sub-' + rint(100), gc: rint(2) === 0, autoLoad: rint(2) === 0, meta: rint(2) ? anyValue(1) : undefined })); break
        case 10: {
          const el = new Y.XmlElement(pick(['p', 'h1', 'span']))
          x.insert(rint(x.length + 1), [el, new Y.XmlText('xt'), new Y.XmlHook('hook')])
          el.setAttribute(pick(['class', 'id']), pick(['a', 'b']))
          el.insert(0, [new Y.XmlText('inner')])
          break
        }
        default: if (x.length > 0) x.delete(rint(x.length), 1)
      }
    })
  }
  updates.forEach((u, i) => record(`s${s}-txn${i}`, u))
  record(`s${s}-state`, Y.encodeStateAsUpdateV2(docs[0]))
  record(`s${s}-merged`, Y.mergeUpdatesV2(updates.filter(() => rand() < 0.5)))
  const sv = Y.encodeStateVector(docs[1])
  record(`s${s}-diff`, Y.diffUpdateV2(Y.encodeStateAsUpdateV2(docs[0]), Y.encodeStateVector(new Y.Doc())))
  record(`s${s}-diff-sv`, Y.diffUpdateV2(updates.length ? Y.mergeUpdatesV2(updates) : Y.encodeStateAsUpdateV2(docs[0]), sv))
}

// embeds yjs itself cannot convert (JSON.stringify of a bigint / of undefined)
{
  const d = new Y.Doc(); d.clientID = 7
  let u = null
  d.on('updateV2', x => { u = x })
  d.getText('t').insertEmbed(0, 10n)
  record('embed-bigint', u)
}

for (const line of out) process.stdout.write(JSON.stringify(line) + '\n')
