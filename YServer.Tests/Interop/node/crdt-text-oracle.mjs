// Differential oracle for the C# YText / XML types (YServer.Tests/Crdt/Types). Speaks JSON lines on
// stdin/stdout; one request line → one answer line.
//
// A session holds a few real yjs 13.6 "user" docs that make random rich-text and XML edits, plus a
// "mirror" doc that stands in for the server: it receives exactly the updates the C# doc receives, in
// the same order, with formatting cleanup switched off (the server never runs it; plan decision 6).
//
// Requests:
//   {op:"open", id, seed, users}                       → {ok}
//   {op:"step", id, steps, incoming:[hex]}             → {updates:[hex], mirror:State}
//       incoming = updates made by the C# doc; they are applied to the mirror and to every user first.
//       Then `steps` random edits/syncs run among the users; every update a user emits is returned
//       (in emission order) and applied to the mirror in that order.
//   {op:"state", id}                                   → State of the mirror
//   {op:"apply", updates:[hex], roots:{name:kind}}     → State of a fresh doc that applied the updates
//   {op:"twinOpen", id, clientId}                     → {ok}   a long-lived yjs twin of the C# doc
//   {op:"twinApply", id, updates:[hex]}               → {ok}   the remote updates the C# doc applied
//   {op:"twinEdit", id, edit}                         → {update:hex|null, mirror:State}
//       the twin repeats one C# edit (described by RandomTextEditor.cs); its update must equal the C# one byte
//       for byte (same search markers, same shared attribute objects, same squashing).
//   {op:"close", id}                                   → {ok}
// State = {state:hex, sv:hex, roots:{name:{kind, json, delta?, xml?}}}
import * as Y from 'yjs'
import { createInterface } from 'node:readline'
import { Prng } from './lib/prng.mjs'
import { randomString, randomAttributes, randomEmbed } from './lib/values.mjs'
import { toHex, fromHex } from './lib/hex.mjs'

const XML_NAMES = ['p', 'h1', 'li', 'my-el', 'Div']
const XML_ATTRS = ['class', 'id', 'data-x', 'ü', 'b']
const MARKS = [{ bold: true }, { italic: true }, { italic: true, color: '#888' }, { bold: null }, { link: { href: 'x' } }]

// A delta with nested types replaced by their toJSON (what the C# side compares against).
const plainDelta = (text) => text.toDelta().map((op) => {
  const out = { insert: op.insert instanceof Y.AbstractType ? op.insert.toJSON() : op.insert }
  if (op.attributes !== undefined) out.attributes = op.attributes
  return out
})

const ROOT_READERS = {
  text: (doc, name) => { const t = doc.getText(name); return { kind: 'text', json: t.toJSON(), delta: plainDelta(t) } },
  xml: (doc, name) => { const x = doc.getXmlFragment(name); return { kind: 'xml', json: x.toJSON(), xml: x.toString() } },
  map: (doc, name) => { const m = doc.getMap(name); return { kind: 'map', json: m.toJSON() } },
  array: (doc, name) => { const a = doc.getArray(name); return { kind: 'array', json: a.toJSON() } }
}

const DEFAULT_ROOTS = { text: 'text', xml: 'xml' }

const describe = (doc, roots = DEFAULT_ROOTS) => {
  const out = {}
  for (const [name, kind] of Object.entries(roots)) out[name] = ROOT_READERS[kind](doc, name)
  return { state: toHex(Y.encodeStateAsUpdate(doc)), sv: toHex(Y.encodeStateVector(doc)), roots: out }
}

const newMirror = () => {
  const doc = new Y.Doc()
  // yjs runs cleanupYTextAfterTransaction after remote transactions; the server must not (it would emit
  // deletes nobody made). 'afterTransaction' fires just before yjs checks this flag.
  doc.on('afterTransaction', (tr) => { tr._needFormattingCleanup = false })
  doc.getText('text')
  doc.getXmlFragment('xml')
  return doc
}

// ---- random edits (in the spirit of yjs's qChanges and y-xml tests) ----

const textPos = (rng, text) => rng.int(0, text.length)

const editText = (rng, text) => {
  const len = text.length
  const op = rng.weighted([[5, 'insert'], [1, 'embed'], [1, 'typeEmbed'], [3, 'delete'], [3, 'format'], [2, 'delta']])
  if (op === 'insert' || len === 0) {
    const attrs = rng.bool(0.4) ? rng.pick(MARKS) : (rng.bool(0.2) ? randomAttributes(rng) : undefined)
    text.insert(textPos(rng, text), randomString(rng), attrs)
  } else if (op === 'embed') {
    text.insertEmbed(textPos(rng, text), randomEmbed(rng), rng.bool(0.3) ? rng.pick(MARKS) : undefined)
  } else if (op === 'typeEmbed') {
    const m = new Y.Map()
    m.set('k' + rng.int(0, 3), randomString(rng))
    text.insertEmbed(textPos(rng, text), m)
  } else if (op === 'delete') {
    const pos = rng.int(0, len - 1)
    text.delete(pos, rng.int(1, Math.min(4, len - pos)))
  } else if (op === 'format') {
    const pos = rng.int(0, len - 1)
    text.format(pos, rng.int(1, Math.min(6, len - pos)), rng.bool(0.2) ? randomAttributes(rng) : rng.pick(MARKS))
  } else {
    let cur = rng.int(0, len)
    const ops = cur > 0 ? [{ retain: cur }] : []
    for (let i = rng.int(1, 4); i > 0; i--) {
      const kind = rng.pick(['retain', 'insert', 'delete'])
      if (kind === 'insert') {
        const a = rng.bool(0.5) ? rng.pick(MARKS) : undefined
        ops.push(a ? { insert: randomString(rng), attributes: a } : { insert: randomString(rng) })
      } else if (cur < len) {
        const n = rng.int(1, Math.min(5, len - cur))
        ops.push(kind === 'retain' ? { retain: n, attributes: rng.pick(MARKS) } : { delete: n })
        cur += n
      }
    }
    if (rng.bool(0.2)) ops.push({ insert: '\n', attributes: { 'code-block': true } })
    text.applyDelta(ops)
  }
}

const collectXml = (fragment) => {
  const parents = [fragment]
  const elements = []
  const texts = []
  const visit = (node) => {
    if (node instanceof Y.XmlElement) {
      parents.push(node)
      elements.push(node)
      node.toArray().forEach(visit)
    } else if (node instanceof Y.XmlText) texts.push(node)
  }
  fragment.toArray().forEach(visit)
  return { parents, elements, texts }
}

const newXmlNode = (rng, depth) => {
  if (rng.bool(0.4)) return new Y.XmlText(randomString(rng))
  const el = new Y.XmlElement(rng.pick(XML_NAMES))
  if (rng.bool(0.5)) el.setAttribute(rng.pick(XML_ATTRS), randomString(rng))
  if (depth < 2 && rng.bool(0.5)) el.insert(0, [newXmlNode(rng, depth + 1)])
  return el
}

const editXml = (rng, fragment) => {
  const { parents, elements, texts } = collectXml(fragment)
  const op = rng.weighted([[3, 'insert'], [2, 'delete'], [3, 'attribute'], [4, 'text']])
  if (op === 'attribute' && elements.length > 0) {
    const el = rng.pick(elements)
    if (rng.bool(0.25)) el.removeAttribute(rng.pick(XML_ATTRS))
    else el.setAttribute(rng.pick(XML_ATTRS), randomString(rng))
  } else if (op === 'text' && texts.length > 0) {
    editText(rng, rng.pick(texts))
  } else if (op === 'delete') {
    const parent = rng.pick(parents)
    if (parent.length > 0) {
      const pos = rng.int(0, parent.length - 1)
      parent.delete(pos, rng.int(1, Math.min(2, parent.length - pos)))
    }
  } else {
    const parent = rng.pick(parents)
    const nodes = [newXmlNode(rng, 0)]
    if (rng.bool(0.2)) nodes.push(newXmlNode(rng, 1))
    parent.insert(rng.int(0, parent.length), nodes)
  }
}

// ---- sessions ----

const sessions = new Map()

const open = ({ id, seed, users }) => {
  const rng = new Prng(seed >>> 0)
  const docs = []
  for (let i = 0; i < users; i++) {
    const doc = new Y.Doc()
    doc.clientID = 1000 + (rng.uint32() % 1000000) * 8 + i // distinct, deterministic, spans varint sizes
    docs.push({ doc, outbox: [] })
  }
  const session = { rng, users: docs, mirror: newMirror(), emitted: [] }
  for (const user of docs) {
    user.doc.on('update', (update, origin) => {
      // Only what this user itself wrote (edits and its own formatting cleanups); relays are duplicates.
      if (origin === 'c#' || origin === 'peer') return
      session.emitted.push(update)
      for (const other of docs) if (other !== user) other.outbox.push(update)
    })
  }
  sessions.set(id, session)
  return { ok: true }
}

const step = ({ id, steps, incoming }) => {
  const s = sessions.get(id)
  for (const hex of incoming ?? []) {
    const u = fromHex(hex)
    Y.applyUpdate(s.mirror, u, 'c#')
    for (const user of s.users) Y.applyUpdate(user.doc, u, 'c#')
  }
  s.emitted = []
  for (let i = 0; i < steps; i++) {
    const user = s.rng.pick(s.users)
    const action = s.rng.weighted([[6, 'edit'], [3, 'sync'], [1, 'syncAll']])
    if (action === 'sync' && user.outbox.length > 0) {
      const n = s.rng.int(1, user.outbox.length)
      const batch = user.outbox.splice(0, n)
      Y.applyUpdate(user.doc, s.rng.bool(0.3) ? Y.mergeUpdates(batch) : batch[0], 'peer')
      for (let j = 1; j < batch.length && !s.rng.bool(0.3); j++) Y.applyUpdate(user.doc, batch[j], 'peer')
      // anything skipped above arrives later through the full-state sync below
    } else if (action === 'syncAll') {
      for (const u of s.users) {
        for (const other of s.users) {
          if (other !== u) Y.applyUpdate(u.doc, Y.encodeStateAsUpdate(other.doc, Y.encodeStateVector(u.doc)), 'peer')
        }
        u.outbox = []
      }
    } else {
      if (s.rng.bool(0.55)) editText(s.rng, user.doc.getText('text'))
      else editXml(s.rng, user.doc.getXmlFragment('xml'))
    }
  }
  const updates = s.emitted
  s.emitted = []
  for (const u of updates) Y.applyUpdate(s.mirror, u, 'peer')
  return { updates: updates.map(toHex), mirror: describe(s.mirror) }
}

const apply = ({ updates, roots }) => {
  const doc = new Y.Doc()
  doc.on('afterTransaction', (tr) => { tr._needFormattingCleanup = false })
  for (const hex of updates) Y.applyUpdate(doc, fromHex(hex))
  return describe(doc, roots ?? DEFAULT_ROOTS)
}

const toAttrs = (json) => (json === null || json === undefined ? undefined : json)

const buildNode = (desc) => {
  if (desc.type === 'text') return new Y.XmlText(desc.text)
  const el = new Y.XmlElement(desc.name)
  for (const [k, v] of Object.entries(desc.attrs ?? {})) el.setAttribute(k, v)
  if (desc.children) el.insert(0, desc.children.map(buildNode))
  return el
}

const resolve = (doc, path) => {
  let node = doc.getXmlFragment('xml')
  for (const i of path) node = node.get(i)
  return node
}

const runEdit = (doc, e) => {
  const isText = ['insert', 'embed', 'embedMap', 'delete', 'format', 'delta'].includes(e.op)
  const target = isText && e.path.length === 0 ? doc.getText('text') : resolve(doc, e.path)
  switch (e.op) {
    case 'insert': return target.insert(e.index, e.text, toAttrs(e.attrs))
    case 'embed': return target.insertEmbed(e.index, e.embed, toAttrs(e.attrs))
    case 'embedMap': return target.insertEmbed(e.index, new Y.Map([['k', e.value]]))
    case 'delete': return target.delete(e.index, e.length)
    case 'format': return target.format(e.index, e.length, e.attrs)
    case 'delta': return target.applyDelta(e.delta)
    case 'setAttr': return target.setAttribute(e.name, e.value)
    case 'removeAttr': return target.removeAttribute(e.name)
    case 'xmlDelete': return target.delete(e.index, e.length)
    case 'xmlInsert': return target.insert(e.index, e.nodes.map(buildNode))
    default: throw new Error('unknown edit ' + e.op)
  }
}

const twins = new Map()

const twinOpen = ({ id, clientId }) => {
  const doc = newMirror()
  doc.clientID = clientId
  twins.set(id, doc)
  return { ok: true }
}

const twinApply = ({ id, updates }) => {
  const doc = twins.get(id)
  for (const hex of updates) Y.applyUpdate(doc, fromHex(hex), 'peer')
  return { ok: true }
}

const twinEdit = ({ id, edit }) => {
  const doc = twins.get(id)
  let update = null
  const onUpdate = (u) => { update = u }
  doc.on('update', onUpdate)
  doc.transact(() => runEdit(doc, edit))
  doc.off('update', onUpdate)
  return { update: update === null ? null : toHex(update), mirror: describe(doc) }
}

const handlers = {
  twinOpen,
  twinApply,
  twinEdit,
  open,
  step,
  apply,
  state: ({ id }) => describe(sessions.get(id).mirror),
  close: ({ id }) => { sessions.delete(id); twins.delete(id); return { ok: true } }
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
rl.on('line', (line) => {
  let answer
  try {
    const request = JSON.parse(line)
    const handler = handlers[request.op]
    answer = handler ? handler(request) : { error: 'unknown op ' + request.op }
  } catch (e) {
    answer = { error: String(e && e.stack ? e.stack : e) }
  }
  process.stdout.write(JSON.stringify(answer) + '\n')
})
