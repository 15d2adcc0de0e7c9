// Differential check of YUpdate.CollectGarbage (snapshot GC) against real yjs.
//
//   node gc-check.mjs generate <seed> <sessions>
//     prints one JSON line per input to collect: {name, update}. For every seeded random session
//     (several gc:false clients with delayed delivery; text, arrays, maps, nested types deleted whole,
//     xml; delete-heavy) there are two inputs: "<s>/full" = encodeStateAsUpdate of a gc:false doc and
//     "<s>/log" = mergeUpdates of every transaction (what a server's compacted room log holds), plus a
//     long single-user typing session with backspaces.
//   node gc-check.mjs check <seed> <sessions>   (stdin: JSON lines {name, collected})
//     regenerates the same sessions and checks every collected update:
//       1. loaded into a fresh doc it gives the same content (per root) and the same state vector as the
//          gc:true doc that lived through the session, with nothing pending;
//       2. no deleted content is left (every deleted item is ContentDeleted or GC);
//       3. a doc holding the full history and a doc loaded from the collected snapshot make concurrent
//          edits and exchange them both ways (incremental updates and state-vector diffs), then a client
//          that went offline partway through the session syncs its edits with both: every doc must end
//          exactly as in the same scenario run on the uncollected update, and the docs must converge
//          wherever yjs converges on the uncollected update (yjsDivergent lists where it does not).
//     Prints {ok, failures, sizes}; exit code 1 on failure.
import * as Y from 'yjs'

const [mode, seedArg, sessionsArg] = process.argv.slice(2)
const seed = Number(seedArg ?? 1)
const sessions = Number(sessionsArg ?? 20)

const prng = s => () => {
  s |= 0; s = s + 0x6D2B79F5 | 0
  let t = Math.imul(s ^ s >>> 15, 1 | s)
  t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t
  return ((t ^ t >>> 14) >>> 0) / 4294967296
}
const hex = u => Buffer.from(u).toString('hex')
const unhex = h => new Uint8Array(Buffer.from(h, 'hex'))

const makeRandom = s => {
  const rand = prng(s)
  const rint = n => Math.floor(rand() * n)
  const pick = a => a[rint(a.length)]
  const word = () => pick(['a', 'hello', ' ', 'wörld', '😀', 'x😀y', 'lorem ipsum', '\n', 'ab'])
  const value = () => pick([1, -1, 2.5, 'str', true, null, { k: 'v', n: [1, 2] }, [1, [2]], 2 ** 40, 'é'])
  return { rand, rint, pick, word, value }
}

// every type under a root, depth first (to pick nested targets)
const nestedTypes = (type, out = []) => {
  if (type instanceof Y.Array || type instanceof Y.XmlFragment || type instanceof Y.XmlElement) {
    type.toArray().forEach(c => { if (c instanceof Y.AbstractType) { out.push(c); nestedTypes(c, out) } })
  }
  if (type instanceof Y.Map || type instanceof Y.XmlElement) {
    // sorted: key order follows integration order, which GC may change; choices must not depend on it
    if (type instanceof Y.Map) Array.from(type.keys()).sort().forEach(k => { const c = type.get(k); if (c instanceof Y.AbstractType) { out.push(c); nestedTypes(c, out) } })
  }
  return out
}

const roots = doc => ({ t: doc.getText('t'), a: doc.getArray('a'), m: doc.getMap('m'), x: doc.getXmlFragment('x') })

// Map key order follows integration order, which differs between a doc that lived through a session
// and one that loads it; compare maps with sorted keys.
const sorted = v => Array.isArray(v) ? v.map(sorted) : (v && typeof v === 'object' && !(v instanceof Uint8Array))
  ? Object.fromEntries(Object.keys(v).sort().map(k => [k, sorted(v[k])])) : v
const content = doc => {
  const r = roots(doc)
  return JSON.stringify(sorted({ t: r.t.toDelta(), a: r.a.toJSON(), m: r.m.toJSON(), x: r.x.toString() }))
}

// yjs does not converge when an edit splits a surrogate pair (each doc replaces the halves with U+FFFD
// only where it splits, yjs-wire-format.md §9), so edits never cut a pair. (The collector's own cut inside
// a pair is a unit test.)
const safeIndex = (text, i) => (i > 0 && i < text.length && /[\ud800-\udbff]/.test(text[i - 1])) ? i - 1 : i

const randomEdit = (doc, R) => {
  const { rint, pick, word, value, rand } = R
  // positions count embeds as one unit, so build the text from the delta (toString() drops embeds)
  const at = (type, i) => safeIndex(type.toDelta().map(d => typeof d.insert === 'string' ? d.insert : '\u0000').join(''), i)
  const r = roots(doc)
  const nested = [...nestedTypes(r.a), ...nestedTypes(r.m), ...nestedTypes(r.x)]
  doc.transact(() => {
    const op = rint(16)
    switch (op) {
      case 0: case 1: r.t.insert(at(r.t, rint(r.t.length + 1)), word(), rint(4) === 0 ? { bold: true } : undefined); break
      case 2: case 3: if (r.t.length > 0) { const i = at(r.t, rint(r.t.length)); const e = at(r.t, i + 1 + rint(Math.min(12, r.t.length - i))); if (e > i) r.t.delete(i, e - i) } break
      case 4: if (r.t.length > 1) { const i = at(r.t, rint(r.t.length - 1)); const e = at(r.t, i + 1 + rint(r.t.length - i)); if (e > i) r.t.format(i, e - i, { italic: rand() < 0.5 ? true : null }) } else r.t.insertEmbed(0, { image: 'i.png' }); break
      case 5: r.a.insert(rint(r.a.length + 1), [value(), value()]); break
      case 6: r.a.insert(rint(r.a.length + 1), [pick([() => { const m = new Y.Map(); m.set('k', value()); return m }, () => Y.Array.from([value(), value()]), () => new Y.Text('nested text'), () => new Uint8Array([1, 2])])()]); break
      case 7: case 8: if (r.a.length > 0) { const i = rint(r.a.length); r.a.delete(i, 1 + rint(Math.min(3, r.a.length - i))) } break
      case 9: r.m.set(pick(['k1', 'k2', 'k3']), rand() < 0.6 ? value() : pick([new Y.Map(), new Y.Array(), new Y.Text('t')])); break
      case 10: if (r.m.size > 0) r.m.delete(pick(Array.from(r.m.keys()).sort())); break
      case 11: case 12: {
        // edit inside some nested type (possibly one another client already deleted)
        const n = nested.length ? pick(nested) : null
        if (n instanceof Y.Array) n.insert(rint(n.length + 1), [value(), rand() < 0.3 ? new Y.Map() : value()])
        else if (n instanceof Y.Map) n.set(pick(['a', 'b']), rand() < 0.3 ? new Y.Text('deep') : value())
        else if (n instanceof Y.Text) { if (rand() < 0.5 && n.length) { const e = at(n, 1 + rint(n.length)); if (e > 0) n.delete(0, e) } else n.insert(at(n, rint(n.length + 1)), word()) }
        else if (n instanceof Y.XmlElement) { n.setAttribute(pick(['class', 'id']), pick(['a', 'b'])); n.insert(rint(n.length + 1), [new Y.XmlText('xt')]) }
        else if (n instanceof Y.XmlText) n.insert(at(n, rint(n.length + 1)), word())
        break
      }
      case 13: {
        const el = new Y.XmlElement(pick(['p', 'h1']))
        r.x.insert(rint(r.x.length + 1), [el])
        el.insert(0, [new Y.XmlText('para'), new Y.XmlElement('b')])
        el.setAttribute('class', 'c')
        break
      }
      case 14: if (r.x.length > 0) r.x.delete(rint(r.x.length), 1); break
      default: {
        // delete a whole nested type that has content
        const n = nested.length ? pick(nested) : null
        if (n && n._item && !n._item.deleted) {
          const parent = n.parent
          if (parent instanceof Y.Map) { for (const [k, v] of parent.entries()) if (v === n) parent.delete(k) } else if (parent) { const i = parent.toArray().indexOf(n); if (i >= 0) parent.delete(i, 1) }
        }
      }
    }
  })
}

// A multi-client session. Returns the reference gc:true doc, a gc:false doc with everything, and the
// list of transaction updates in creation order.
const randomSession = (s) => {
  const R = makeRandom(seed * 1000 + s)
  const clients = 2 + R.rint(2)
  const docs = Array.from({ length: clients }, (_, i) => { const d = new Y.Doc({ gc: false }); d.clientID = 100 * (s + 1) + i; return d })
  const reference = new Y.Doc({ gc: true })
  const queues = docs.map(() => [])
  const all = []
  docs.forEach((d, i) => d.on('update', (u, origin) => {
    if (origin === 'remote') return
    all.push(u)
    Y.applyUpdate(reference, u, 'remote')
    queues.forEach((q, j) => { if (j !== i) q.push(u) })
  }))
  const steps = 40 + R.rint(80)
  for (let step = 0; step < steps; step++) {
    const i = R.rint(clients)
    const deliver = R.rint(queues[i].length + 1)
    for (const u of queues[i].splice(0, deliver)) Y.applyUpdate(docs[i], u, 'remote')
    randomEdit(docs[i], R)
  }
  queues.forEach((q, i) => { for (const u of q.splice(0)) Y.applyUpdate(docs[i], u, 'remote') })
  return { name: `s${s}`, reference, full: docs[0], updates: all, R, offlineAfter: R.rint(all.length + 1) }
}

// One user typing a long text keystroke by keystroke with backspaces, selections deleted and retyped.
const typingSession = () => {
  const R = makeRandom(seed * 1000 + 999)
  const doc = new Y.Doc({ gc: false }); doc.clientID = 42
  const reference = new Y.Doc({ gc: true })
  const all = []
  doc.on('update', u => { all.push(u); Y.applyUpdate(reference, u) })
  const t = doc.getText('t')
  let cursor = 0
  for (let i = 0; i < 6000; i++) {
    const r = R.rand()
    if (r < 0.62 || t.length === 0) { t.insert(cursor, R.pick('etaoin shrdlu'.split(''))); cursor++ } else if (r < 0.9) { if (cursor > 0) { t.delete(cursor - 1, 1); cursor-- } } else if (r < 0.95) { const n = Math.min(t.length - cursor, 1 + R.rint(30)); if (n > 0) t.delete(cursor, n) } else { cursor = R.rint(t.length + 1) }
  }
  return { name: 'typing', reference, full: doc, updates: all, R, offlineAfter: R.rint(all.length + 1) }
}

const allSessions = () => [...Array.from({ length: sessions }, (_, s) => randomSession(s)), typingSession()]

if (mode === 'generate') {
  for (const session of allSessions()) {
    process.stdout.write(JSON.stringify({ name: session.name + '/full', update: hex(Y.encodeStateAsUpdate(session.full)) }) + '\n')
    process.stdout.write(JSON.stringify({ name: session.name + '/log', update: hex(Y.mergeUpdates(session.updates)) }) + '\n')
  }
} else if (mode === 'check') {
  await check()
} else {
  console.error('usage: node gc-check.mjs generate|check <seed> <sessions>')
  process.exitCode = 2
}

// (process.exit would cut off stdout still buffered for the pipe; exitCode lets it drain)
async function check () {

const collectedByName = new Map()
for (const line of (await new Promise(resolve => { let data = ''; process.stdin.on('data', c => { data += c }); process.stdin.on('end', () => resolve(data)) })).split('\n')) {
  if (line.trim()) { const { name, collected } = JSON.parse(line); collectedByName.set(name, unhex(collected)) }
}

const failures = []
const sizes = []
// scenarios where yjs itself does not converge even on the uncollected update (e.g. Y.Text formatting
// cleanup); there only the equality with the uncollected run is checked
const yjsDivergent = []

// A doc holding the full history and a doc loaded from `snapshotUpdate` make concurrent edits and exchange
// them (incrementally or by state-vector diff); then a client that went offline partway through the session
// edits (often inside what was deleted, squashed or collected since) and syncs with both.
const scenario = (session, historyUpdate, snapshotUpdate, historyGc, scenarioSeed) => {
  const R = makeRandom(scenarioSeed)
  const history = new Y.Doc({ gc: historyGc }); history.clientID = 7001
  Y.applyUpdate(history, historyUpdate)
  const snapshot = new Y.Doc(); snapshot.clientID = 7002
  Y.applyUpdate(snapshot, snapshotUpdate)
  const toSnapshot = []; const toHistory = []
  history.on('update', (u, origin) => { if (origin !== 'remote') toSnapshot.push(u) })
  snapshot.on('update', (u, origin) => { if (origin !== 'remote') toHistory.push(u) })
  for (let round = 0; round < 6; round++) {
    for (let k = 0; k < 4; k++) { randomEdit(history, R); randomEdit(snapshot, R) }
    if (R.rand() < 0.5) {
      for (const u of toSnapshot.splice(0)) Y.applyUpdate(snapshot, u, 'remote')
      for (const u of toHistory.splice(0)) Y.applyUpdate(history, u, 'remote')
    } else {
      toSnapshot.length = 0; toHistory.length = 0
      const a = Y.encodeStateAsUpdate(history, Y.encodeStateVector(snapshot))
      const b = Y.encodeStateAsUpdate(snapshot, Y.encodeStateVector(history))
      Y.applyUpdate(snapshot, a, 'remote')
      Y.applyUpdate(history, b, 'remote')
    }
  }
  const offline = new Y.Doc({ gc: historyGc }); offline.clientID = R.rand() < 0.5 ? 1 : 4000000000
  for (const u of session.updates.slice(0, session.offlineAfter)) Y.applyUpdate(offline, u)
  for (let k = 0; k < 12; k++) randomEdit(offline, R)
  const offlineUpdate = Y.encodeStateAsUpdate(offline)
  Y.applyUpdate(history, offlineUpdate)
  Y.applyUpdate(snapshot, offlineUpdate)
  Y.applyUpdate(offline, Y.encodeStateAsUpdate(snapshot, Y.encodeStateVector(offline)))
  const state = d => ({ content: content(d), sv: hex(Y.encodeStateVector(d)) })
  return { history: state(history), snapshot: state(snapshot), offline: state(offline) }
}
const fail = (name, what) => failures.push(`${name}: ${what}`)

// every item covered by the update's delete set must carry no content any more
const leftoverDeletedContent = update => {
  const { structs, ds } = Y.decodeUpdate(update)
  let leftovers = 0
  for (const s of structs) {
    if (!(s instanceof Y.Item) || s.content.constructor.name === 'ContentDeleted') continue
    const ranges = ds.clients.get(s.id.client) || []
    if (ranges.some(r => r.clock < s.id.clock + s.length && s.id.clock < r.clock + r.len)) leftovers++
  }
  return leftovers
}

for (const session of allSessions()) {
  const inputs = { full: Y.encodeStateAsUpdate(session.full), log: Y.mergeUpdates(session.updates) }
  const expectedContent = content(session.reference)
  const expectedSv = hex(Y.encodeStateVector(session.reference))
  for (const [kind, original] of Object.entries(inputs)) {
    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, original)
    if (content(fresh) !== expectedContent) fail(`${session.name}/${kind}`, 'the uncollected update itself does not load into the reference content (session generator problem)')
  }
  for (const [kind, original] of Object.entries(inputs)) {
    const name = `${session.name}/${kind}`
    const collected = collectedByName.get(name)
    if (!collected) { fail(name, 'no collected update on stdin'); continue }
    sizes.push({ name, input: original.length, collected: collected.length, yjsGcState: Y.encodeStateAsUpdate(session.reference).length })

    // 1. same content and state vector as the gc:true doc
    for (const gc of [true, false]) {
      const fresh = new Y.Doc({ gc })
      Y.applyUpdate(fresh, collected)
      if (content(fresh) !== expectedContent) fail(name, `content differs (gc:${gc})\n  expected ${expectedContent}\n  actual   ${content(fresh)}`)
      if (hex(Y.encodeStateVector(fresh)) !== expectedSv) fail(name, `state vector ${hex(Y.encodeStateVector(fresh))} != ${expectedSv} (gc:${gc})`)
      if (fresh.store.pendingStructs !== null || fresh.store.pendingDs !== null) fail(name, `pending data after loading (gc:${gc})`)
    }

    // 2. nothing deleted survives
    const leftovers = leftoverDeletedContent(collected)
    if (leftovers > 0) fail(name, `${leftovers} deleted items still carry content`)

    // 3./4. the same edit scenario run on the uncollected and on the collected update must end in the same
    // state for every doc; and where yjs converges on the uncollected update, the docs must converge.
    for (const historyGc of [false, true]) {
      const scenarioSeed = seed * 7919 + sizes.length * 2 + (historyGc ? 1 : 0)
      const baseline = scenario(session, original, original, historyGc, scenarioSeed)
      const actual = scenario(session, original, collected, historyGc, scenarioSeed)
      for (const doc of ['history', 'snapshot', 'offline']) {
        if (actual[doc].content !== baseline[doc].content) fail(name, `${doc} (history gc:${historyGc}) ends differently than with the uncollected update\n  expected ${baseline[doc].content}\n  actual   ${actual[doc].content}`)
        if (actual[doc].sv !== baseline[doc].sv) fail(name, `${doc} state vector (history gc:${historyGc}) ends differently than with the uncollected update`)
      }
      const converges = r => r.history.content === r.snapshot.content && r.offline.content === r.snapshot.content && r.history.sv === r.snapshot.sv && r.offline.sv === r.snapshot.sv
      if (!converges(baseline)) yjsDivergent.push(`${name} (history gc:${historyGc})`)
      else if (!converges(actual)) fail(name, `docs diverged (history gc:${historyGc})`)
    }
  }
}

process.stdout.write(JSON.stringify({ ok: failures.length === 0, failures, sizes, yjsDivergent }) + '\n')
process.exitCode = failures.length === 0 ? 0 : 1
}
