// The C# content tests assume that yjs itself passes them: that merging every update of a session,
// garbage-collecting that merge, or completing a doc with a diff all load as the union document. A
// seed for which real yjs breaks one of these would make C# fail for nothing, so check here first.
import * as Y from 'yjs'
import { docContent, hasPending } from './content.mjs'
import { fromHex, toHex } from './hex.mjs'

const load = (updates) => {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  return doc
}

/** Prefix of the error thrown when yjs itself fails a check (gen-sessions skips such sessions). */
export const PREMISE_VIOLATED = 'oracle premise violated by yjs itself'

const expectDoc = (what, doc, expected) => {
  const problem =
    docContent(doc) !== expected.content ? 'content' :
      toHex(Y.encodeStateVector(doc)) !== expected.sv ? 'state vector' :
        hasPending(doc) !== expected.pending ? 'pending structs' : null
  if (problem !== null) throw new Error(`${PREMISE_VIOLATED}: ${what} differs in ${problem}`)
}

/** Throws when real yjs does not pass the checks the C# content tests make of C# output. */
export const selfCheck = (record) => {
  const all = Y.mergeUpdates(record.updates.map(fromHex))
  const merged = load([all])
  expectDoc('mergeUpdates(all)', merged, record.final)
  expectDoc('gc(mergeUpdates(all))', load([Y.encodeStateAsUpdate(merged)]), record.final)
  for (const s of record.fullState) {
    expectDoc(`fullState[${s.doc}] + diffUpdate(merge, sv)`, load([fromHex(s.update), Y.diffUpdate(all, fromHex(s.sv))]), record.final)
  }
  for (const s of record.fullStateNoGc) expectDoc(`fullStateNoGc[${s.doc}]`, load([fromHex(s.update)]), s)
}
