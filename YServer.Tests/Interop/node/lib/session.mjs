// One simulated editing session: 2–4 peers edit their own Y.Doc and exchange their updates out of
// order (shuffled, sometimes duplicated, sometimes held back, sometimes merged into one message,
// sometimes as v2). Every `update`/`updateV2` event any doc emits is recorded.
import * as Y from 'yjs'
import { Prng } from './prng.mjs'
import { randomEdit } from './edits.mjs'
import { hasPending } from './content.mjs'

const distinctClientIds = (rng, n) => {
  const ids = new Set()
  while (ids.size < n) ids.add(rng.bool(0.15) ? rng.int(0, 20) : rng.uint32())
  return Array.from(ids)
}

const recordEvents = (doc, index, events) => {
  doc.on('update', (update, _origin, _doc, tr) => {
    events.push({ doc: index, local: tr.local, v1: update, v2: null, tr })
  })
  doc.on('updateV2', (update, _origin, _doc, tr) => {
    const last = events[events.length - 1]
    if (last === undefined || last.tr !== tr || last.v2 !== null) throw new Error('updateV2 without matching update event')
    last.v2 = update
    last.tr = null
  })
}

/** Delivers some of the messages `target` has not seen yet, in shuffled order. */
const deliver = (rng, session, target, everything) => {
  const { events, delivered, docs } = session
  const fresh = []
  events.forEach((e, i) => { if (e.local && e.doc !== target && !delivered[target].has(i)) fresh.push(i) })
  let batch = everything ? fresh : fresh.filter(() => rng.bool(0.7))
  const seen = Array.from(delivered[target])
  if (seen.length > 0 && rng.bool(0.3)) batch.push(rng.pick(seen)) // duplicate delivery
  batch = rng.shuffle(batch)
  if (batch.length === 0) return
  batch.forEach((i) => delivered[target].add(i))
  const doc = docs[target]
  if (batch.length > 1 && rng.bool(0.25)) {
    // One message carrying several updates, the way a server's step2 does.
    if (rng.bool()) Y.applyUpdateV2(doc, Y.mergeUpdatesV2(batch.map((i) => events[i].v2)), 'remote')
    else Y.applyUpdate(doc, Y.mergeUpdates(batch.map((i) => events[i].v1)), 'remote')
    return
  }
  for (const i of batch) {
    if (rng.bool(0.3)) Y.applyUpdateV2(doc, events[i].v2, 'remote')
    else Y.applyUpdate(doc, events[i].v1, 'remote')
  }
}

const editStep = (rng, session) => {
  const k = rng.int(0, session.docs.length - 1)
  const doc = session.docs[k]
  const undo = session.undoManagers[k]
  if (undo !== null && rng.bool(0.12)) {
    if (rng.bool(0.75)) undo.undo()
    else undo.redo()
    return
  }
  const nextGuid = () => `sub-${session.seed}-${session.guidCounter++}`
  if (rng.bool(0.25)) doc.transact(() => { for (let n = rng.int(2, 3); n > 0; n--) randomEdit(rng, doc, nextGuid) })
  else randomEdit(rng, doc, nextGuid)
}

/**
 * Runs the session for `seed`. The same seed always makes the same edits and deliveries, with gc on
 * or off; only the recorded bytes differ.
 */
export const runSession = (seed, { gc }) => {
  const rng = new Prng(seed)
  const clients = distinctClientIds(rng, rng.int(2, 4))
  const session = { seed, events: [], docs: [], undoManagers: [], delivered: [], svPool: [], guidCounter: 0 }
  clients.forEach((clientID, k) => {
    const doc = new Y.Doc({ gc })
    doc.clientID = clientID
    recordEvents(doc, k, session.events)
    session.docs.push(doc)
    session.delivered.push(new Set())
    // captureTimeout 0: UndoManager would otherwise group edits by wall-clock time.
    const tracked = [doc.getText('t'), doc.getArray('a'), doc.getMap('m'), doc.getXmlFragment('x')]
    session.undoManagers.push(k === 0 || rng.bool(0.3) ? new Y.UndoManager(tracked, { captureTimeout: 0 }) : null)
  })
  for (let steps = rng.int(10, 24); steps > 0; steps--) {
    const step = rng.weighted([[7, 'edit'], [3, 'sync'], [1, 'sv']])
    if (step === 'edit') editStep(rng, session)
    else if (step === 'sync') deliver(rng, session, rng.int(0, clients.length - 1), false)
    else session.svPool.push(Y.encodeStateVector(rng.pick(session.docs)))
  }
  session.docs.forEach((_, k) => { if (rng.bool(0.7)) deliver(rng, session, k, true) })
  return { clients, docs: session.docs, events: session.events, svPool: session.svPool }
}

/** A document that received every local update of the session: the union of all edits. */
export const unionDoc = (events) => {
  const doc = new Y.Doc()
  for (const e of events) if (e.local) Y.applyUpdate(doc, e.v1)
  if (hasPending(doc)) throw new Error('union document has pending structs')
  return doc
}
