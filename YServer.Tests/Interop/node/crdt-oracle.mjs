// Differential oracle for the C# CRDT core (YServer/Crdt). Long-lived: one JSON request per stdin line, one
// JSON answer per stdout line. Real yjs 13.6.33 makes every edit and every decision the C# doc is compared with.
//
// {"op":"run","seed":n,"steps":n,"gc":bool,"detail":bool}
//   A seeded session: 2–5 yjs users edit (text, array, map, xml, nested types, undo), sync among themselves,
//   and their updates reach a mirror doc shuffled, duplicated, held back, merged (Y.mergeUpdates, which makes
//   Skips when it merges across gaps) or cut with Y.diffUpdate. Answers every message the mirror received,
//   with the mirror's state after it: {"messages":[{"u":b64,"h":sha256(encodeStateAsUpdate),"sv":hex,
//   "p":pending,"c":sha256(core content),"d":[svHex,sha256(encodeStateAsUpdate(doc, sv))]?}]}.
//   With detail=true, "state" (b64) and "content" (text) are added for diagnosing a failure.
// {"op":"peer.new","id":s,"gc":bool,"seed":n}            a yjs peer for server-edit convergence tests
// {"op":"peer.edit","id":s,"count":n}                      n random edits → {"updates":[b64]}
// {"op":"peer.apply","id":s,"updates":[b64]}               → {"h","sv","p","c","state"?}
// {"op":"state","updates":[b64],"gc":bool}                 a fresh doc fed these updates in order → {"h","sv","p","c","state","content"}
import { createHash } from 'node:crypto'
import * as readline from 'node:readline'
import * as Y from 'yjs'
import { Prng } from './lib/prng.mjs'
import { randomEdit } from './lib/edits.mjs'

const b64 = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
const fromB64 = (text) => new Uint8Array(Buffer.from(text, 'base64'))
const hex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
const sha = (data) => createHash('sha256').update(data).digest('hex')
const pending = (doc) => doc.store.pendingStructs !== null || doc.store.pendingDs !== null

const sortedObject = (entries) => {
  const out = {}
  for (const [k, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = v
  return out
}

// The content the core owns: roots "a" (array) and "m" (map) with nested arrays and maps. Text is compared
// as plain text, XML only by kind (their renderings belong to the types layer).
const core = (v) => {
  if (v instanceof Y.XmlText || v instanceof Y.XmlFragment || v instanceof Y.XmlHook) return { $xml: true }
  if (v instanceof Y.Text) return { $text: v.toString() }
  if (v instanceof Y.Map) return sortedObject(Array.from(v.entries(), ([k, x]) => [k, core(x)]))
  if (v instanceof Y.Array) return v.toArray().map(core)
  if (v instanceof Y.Doc) return { $doc: v.guid }
  if (v instanceof Uint8Array) return { $bytes: hex(v) }
  if (v === undefined) return { $undefined: true }
  if (typeof v === 'bigint') return { $bigint: v.toString() }
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { $num: Object.is(v, -0) ? '-0' : String(v) }
  if (Array.isArray(v)) return v.map(core)
  if (v !== null && typeof v === 'object') return sortedObject(Object.entries(v).map(([k, x]) => [k, core(x)]))
  return v
}
const coreContent = (doc) => JSON.stringify({ a: core(doc.getArray('a')), m: core(doc.getMap('m')) })

const snapshot = (doc, detail) => {
  const state = Y.encodeStateAsUpdate(doc)
  const content = coreContent(doc)
  const out = { h: sha(state), sv: hex(Y.encodeStateVector(doc)), p: pending(doc), c: sha(content) }
  if (detail) {
    out.state = b64(state)
    out.content = content
  }
  return out
}

// The mirror plays the server: like the C# doc (DocOptions.CleanupFormatting = false, plan §0.6) it must not
// run yjs's formatting cleanup, a local edit of its own. yjs decides on the cleanup after 'afterTransaction'.
const serverDoc = (gc) => {
  const doc = new Y.Doc({ gc })
  doc.on('afterTransaction', (tr) => { tr._needFormattingCleanup = false })
  return doc
}

const distinctClientIds = (rng, n) => {
  const ids = new Set()
  while (ids.size < n) ids.add(rng.bool(0.2) ? rng.int(0, 30) : rng.uint32())
  return Array.from(ids)
}

const run = ({ seed, steps, gc, detail }) => {
  const rng = new Prng(seed)
  const clients = distinctClientIds(rng, rng.int(2, 5))
  const users = clients.map((clientID) => {
    const doc = new Y.Doc({ gc })
    doc.clientID = clientID
    const user = { doc, undo: null, seen: new Set() }
    doc.on('update', (update, origin, _doc, tr) => { if (tr.local) updates.push({ from: user, bytes: update }) })
    if (rng.bool(0.4)) user.undo = new Y.UndoManager([doc.getText('t'), doc.getArray('a'), doc.getMap('m'), doc.getXmlFragment('x')], { captureTimeout: 0 })
    return user
  })
  const updates = [] // every local update of every user, in creation order
  const mirror = serverDoc(gc)
  const delivered = new Set()
  const messages = []
  let guid = 0
  const nextGuid = () => `sub-${seed}-${guid++}`
  const svPool = [new Uint8Array([0])]

  const send = (bytes) => {
    Y.applyUpdate(mirror, bytes)
    const m = { u: b64(bytes), ...snapshot(mirror, detail) }
    if (rng.bool(0.15)) {
      const sv = rng.pick(svPool)
      m.d = [hex(sv), sha(Y.encodeStateAsUpdate(mirror, sv))]
    }
    messages.push(m)
  }

  const deliverToMirror = () => {
    const fresh = []
    updates.forEach((_, i) => { if (!delivered.has(i)) fresh.push(i) })
    let batch = fresh.filter(() => rng.bool(0.6))
    if (delivered.size > 0 && rng.bool(0.25)) batch.push(rng.pick(Array.from(delivered))) // duplicate
    batch = rng.shuffle(batch)
    if (batch.length === 0) return
    batch.forEach((i) => delivered.add(i))
    const kind = rng.weighted([[6, 'each'], [3, 'merged'], [1, 'diff']])
    if (kind === 'merged' && batch.length > 1) {
      send(Y.mergeUpdates(batch.map((i) => updates[i].bytes)))
    } else if (kind === 'diff' && batch.length > 0) {
      // A merged batch cut against some peer's state vector: may start mid-struct and leave gaps.
      const merged = Y.mergeUpdates(batch.map((i) => updates[i].bytes))
      const cut = Y.diffUpdate(merged, rng.pick(svPool))
      send(cut)
      send(merged) // what the cut dropped, so convergence is still reachable
    } else {
      for (const i of batch) send(updates[i].bytes)
    }
  }

  const syncUsers = () => {
    const target = rng.pick(users)
    const batch = []
    updates.forEach((u, i) => {
      if (u.from !== target && !target.seen.has(i) && rng.bool(0.7)) {
        target.seen.add(i)
        batch.push(u.bytes)
      }
    })
    // One merged message, as a provider's sync step 2 would carry it (and far cheaper than one apply each).
    if (batch.length > 0) Y.applyUpdate(target.doc, batch.length === 1 ? batch[0] : Y.mergeUpdates(batch), 'remote')
  }

  for (let s = 0; s < steps; s++) {
    const step = rng.weighted([[5, 'edit'], [2, 'sync'], [3, 'deliver'], [1, 'sv']])
    if (step === 'edit') {
      const user = rng.pick(users)
      if (user.undo !== null && rng.bool(0.1)) {
        if (rng.bool(0.7)) user.undo.undo()
        else user.undo.redo()
      } else if (rng.bool(0.2)) {
        user.doc.transact(() => { for (let n = rng.int(2, 4); n > 0; n--) randomEdit(rng, user.doc, nextGuid) })
      } else {
        randomEdit(rng, user.doc, nextGuid)
      }
    } else if (step === 'sync') {
      syncUsers()
    } else if (step === 'deliver') {
      deliverToMirror()
    } else {
      svPool.push(Y.encodeStateVector(rng.bool(0.5) ? mirror : rng.pick(users).doc))
    }
  }
  // Finally everything, so the mirror converges (unless yjs itself keeps something pending).
  const rest = []
  updates.forEach((_, i) => { if (!delivered.has(i)) rest.push(i) })
  for (const i of rng.shuffle(rest)) send(updates[i].bytes)
  return { messages }
}

const peers = new Map()

const handle = (req) => {
  switch (req.op) {
    case 'run': return run(req)
    case 'peer.new': {
      const doc = new Y.Doc({ gc: req.gc })
      const rng = new Prng(req.seed)
      doc.clientID = rng.uint32()
      const peer = { doc, rng, out: [], guid: 0 }
      doc.on('update', (update, _o, _d, tr) => { if (tr.local) peer.out.push(b64(update)) })
      peers.set(req.id, peer)
      return { clientId: doc.clientID }
    }
    case 'peer.edit': {
      const peer = peers.get(req.id)
      for (let n = 0; n < req.count; n++) randomEdit(peer.rng, peer.doc, () => `psub-${req.id}-${peer.guid++}`)
      const updates = peer.out // includes the peer's own formatting cleanups made while applying
      peer.out = []
      return { updates }
    }
    case 'peer.apply': {
      const peer = peers.get(req.id)
      for (const u of req.updates) Y.applyUpdate(peer.doc, fromB64(u), 'remote')
      return snapshot(peer.doc, req.detail)
    }
    case 'peer.drop': {
      peers.delete(req.id)
      return {}
    }
    case 'state': {
      const doc = serverDoc(req.gc ?? true)
      for (const u of req.updates) Y.applyUpdate(doc, fromB64(u))
      return snapshot(doc, true)
    }
    default: throw new Error(`unknown op ${req.op}`)
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
rl.on('line', (line) => {
  let answer
  try {
    answer = handle(JSON.parse(line))
  } catch (e) {
    answer = { error: String(e && e.stack ? e.stack : e) }
  }
  process.stdout.write(JSON.stringify(answer) + '\n')
})
