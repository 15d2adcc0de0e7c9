// Turns a simulated session into oracle cases: yjs's answers for merge, diff, state vectors and
// v2→v1 conversion, plus the full states and content the C# output must reproduce.
//
// Record layout (one JSON object per session; every byte string is lowercase hex):
//   seed, index, sessionSeed        run seed, session number, derived seed of this session
//   clients                         the docs' client IDs (uint32)
//   updates / updatesV2             every `update` / `updateV2` event of every doc, in emission order
//                                   (local edits and re-encoded remote applies), pairwise the same txn
//   merge[]                         {inputs: [hex], output}: Y.mergeUpdates(inputs) (order and duplicates as given)
//   mergeV2ToV1[]                   {input, output}: Y.convertUpdateFormatV2ToV1(input); input = each
//                                   updatesV2 entry, then a few Y.mergeUpdatesV2 results
//   diff[]                          {update, sv, output}: Y.diffUpdate(update, sv)
//   stateVectorFromUpdate[]         {update, output}: Y.encodeStateVectorFromUpdate(update)
//   fullState[] / fullStateNoGc[]   {doc, update, sv, content, pending} per doc at the end (gc on / the
//                                   same session replayed with gc:false); content = lib/content.mjs JSON;
//                                   pending = the doc still holds structs/deletions it cannot integrate
//   final                           {update, sv, content, pending: false} of a doc that applied every local update
import * as Y from 'yjs'
import { Prng, deriveSeed } from './prng.mjs'
import { docContent, hasPending } from './content.mjs'
import { runSession, unionDoc } from './session.mjs'
import { toHex } from './hex.mjs'
import { selfCheck } from './self-check.mjs'

const fullStates = (docs) => docs.map((doc, k) => ({
  doc: k,
  update: toHex(Y.encodeStateAsUpdate(doc)),
  sv: toHex(Y.encodeStateVector(doc)),
  content: docContent(doc),
  pending: hasPending(doc)
}))

/** A random selection (with repetitions) of `pool`, in random order. */
const subset = (rng, pool, max) => {
  const out = []
  for (let n = rng.int(1, Math.min(max, pool.length)); n > 0; n--) out.push(rng.pick(pool))
  if (rng.bool(0.3)) out.push(rng.pick(out)) // duplicate input
  return rng.shuffle(out)
}

const mergeCases = (rng, updates, states) => {
  const cases = []
  const pool = updates.concat(rng.bool(0.5) ? states : [])
  for (let n = rng.int(3, 5); n > 0; n--) {
    const inputs = subset(rng, pool, 6)
    cases.push({ inputs: inputs.map(toHex), output: Y.mergeUpdates(inputs) })
  }
  // Merges of merges: a compacted log merged again with newer updates.
  const merged = cases.map((c) => c.output)
  for (let n = rng.int(1, 2); n > 0; n--) {
    const inputs = subset(rng, merged.concat(updates), 4)
    cases.push({ inputs: inputs.map(toHex), output: Y.mergeUpdates(inputs) })
  }
  // Everything at once, shuffled: what compaction of a whole room log does.
  const all = rng.shuffle(updates)
  cases.push({ inputs: all.map(toHex), output: Y.mergeUpdates(all) })
  return cases
}

const v2ToV1Cases = (rng, updatesV2) => {
  const cases = updatesV2.map((u) => ({ input: toHex(u), output: toHex(Y.convertUpdateFormatV2ToV1(u)) }))
  for (let n = 2; n > 0; n--) {
    const merged = Y.mergeUpdatesV2(subset(rng, updatesV2, 5))
    cases.push({ input: toHex(merged), output: toHex(Y.convertUpdateFormatV2ToV1(merged)) })
  }
  return cases
}

const diffCases = (rng, sources, svPool) => {
  const cases = []
  for (let n = rng.int(6, 10); n > 0; n--) {
    const update = rng.pick(sources)
    const sv = rng.pick(svPool)
    cases.push({ update: toHex(update), sv: toHex(sv), output: toHex(Y.diffUpdate(update, sv)) })
  }
  return cases
}

/** Builds the JSON record for session `index` of a run with seed `seed`. */
export const buildSession = (seed, index) => {
  const sessionSeed = deriveSeed(seed, index)
  const run = runSession(sessionSeed, { gc: true })
  const noGc = runSession(sessionSeed, { gc: false })
  const union = unionDoc(run.events)
  const fullState = fullStates(run.docs)
  const fullStateNoGc = fullStates(noGc.docs)
  fullState.forEach((s, k) => {
    if (s.content !== fullStateNoGc[k].content || s.sv !== fullStateNoGc[k].sv) {
      throw new Error(`session ${index} (seed ${seed}): gc:false replay diverged for doc ${k}`)
    }
  })

  const rng = new Prng(deriveSeed(seed, index, 1))
  const updates = run.events.map((e) => e.v1)
  const updatesV2 = run.events.map((e) => e.v2)
  const states = run.docs.map((d) => Y.encodeStateAsUpdate(d)).concat(noGc.docs.map((d) => Y.encodeStateAsUpdate(d)))
  const merge = mergeCases(rng, updates, states)
  const merged = merge.map((m) => m.output)
  const finalUpdate = Y.encodeStateAsUpdate(union)
  const svSources = updates.concat(merged, states)
  const svPool = run.svPool.concat(
    run.docs.map((d) => Y.encodeStateVector(d)),
    [new Uint8Array([0])],
    Array.from({ length: 3 }, () => Y.encodeStateVectorFromUpdate(rng.pick(svSources))))

  const record = {
    seed,
    index,
    sessionSeed,
    clients: run.clients,
    updates: updates.map(toHex),
    updatesV2: updatesV2.map(toHex),
    merge: merge.map((m) => ({ inputs: m.inputs, output: toHex(m.output) })),
    mergeV2ToV1: v2ToV1Cases(rng, updatesV2),
    diff: diffCases(rng, updates.concat(merged, states, [finalUpdate]), svPool),
    stateVectorFromUpdate: svSources.concat([finalUpdate]).map((u) => ({ update: toHex(u), output: toHex(Y.encodeStateVectorFromUpdate(u)) })),
    fullState,
    fullStateNoGc,
    final: { update: toHex(finalUpdate), sv: toHex(Y.encodeStateVector(union)), content: docContent(union), pending: false }
  }
  selfCheck(record)
  return record
}
