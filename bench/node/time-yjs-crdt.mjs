// Times real yjs on the CRDT benchmark inputs (gen-crdt-inputs.mjs); one JSON line per operation with the
// median, named like the C# benchmark methods so report-crdt.mjs can pair them. Run with --expose-gc for the
// heap measurements. Usage: node --expose-gc time-yjs-crdt.mjs INPUT_DIR [REPETITIONS]
import * as Y from 'yjs'
import path from 'node:path'
import { readBytes, readJson, readList } from './crdt-inputs.mjs'

const dir = process.argv[2] ?? 'crdt-inputs'
const reps = Number(process.argv[3] ?? 10)
const b4Updates = readList(path.join(dir, 'b4-updates.bin'))
const b4State = readBytes(dir, 'b4-state.bin')
const b4x100State = readBytes(dir, 'b4x100-state.bin')
const patches = readJson(dir, 'b4-patches.json')
const b1 = readJson(dir, 'b1-ops.json')
const b3 = Object.fromEntries(['b3-1', 'b3-2', 'b3-3', 'b3-4'].map(n => [n, readList(path.join(dir, `${n}.bin`))]))

function time (name, fn, { warmups = 3, repetitions = reps } = {}) {
  for (let i = 0; i < warmups; i++) fn() // JIT
  const samples = []
  for (let i = 0; i < repetitions; i++) {
    const t0 = process.hrtime.bigint()
    fn()
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  samples.sort((a, b) => a - b)
  console.log(JSON.stringify({ impl: 'yjs', op: name, medianMs: samples[Math.floor(samples.length / 2)], reps: repetitions }))
}

// A document whose 'update' event is listened to, as a server's is: yjs then encodes every transaction's update.
const listenedDoc = () => {
  const doc = new Y.Doc()
  doc.on('update', update => { doc._lastUpdate = update })
  return doc
}
const parse = state => { const doc = new Y.Doc(); Y.applyUpdate(doc, state); return doc }
const heavy = { warmups: 1, repetitions: 3 }

time('ParseB4', () => parse(b4State))
time('ParseB4x100', () => parse(b4x100State), heavy)
time('RemoteApplyB4Stream', () => { const doc = listenedDoc(); for (const u of b4Updates) Y.applyUpdate(doc, u) }, heavy)
const b4Doc = parse(b4State)
const b4x100Doc = parse(b4x100State)
time('EncodeB4', () => Y.encodeStateAsUpdate(b4Doc))
time('EncodeB4x100', () => Y.encodeStateAsUpdate(b4x100Doc), heavy)
time('LocalB1_1Append', () => {
  const doc = listenedDoc(); const text = doc.getText('text')
  for (const c of b1.append) text.insert(text.length, c)
})
time('LocalB1_4TextRandomInserts', () => {
  const doc = listenedDoc(); const text = doc.getText('text')
  for (const [at, c] of b1.textInserts) text.insert(at, c)
})
time('LocalB1_11ArrayRandomInserts', () => {
  const doc = listenedDoc(); const array = doc.getArray('array')
  for (const [at, n] of b1.arrayInserts) array.insert(at, [n])
})
time('LocalB4Trace', () => {
  const doc = listenedDoc(); const text = doc.getText('text')
  for (const [pos, del, ins] of patches) {
    doc.transact(() => {
      if (del > 0) text.delete(pos, del)
      if (ins.length > 0) text.insert(pos, ins)
    })
  }
}, heavy)
for (const [name, updates] of [['RemoteB3_1MapNumbers', b3['b3-1']], ['RemoteB3_2MapObjects', b3['b3-2']],
  ['RemoteB3_3MapStrings', b3['b3-3']], ['RemoteB3_4ArrayInserts', b3['b3-4']]]) {
  time(name, () => { const doc = listenedDoc(); for (const u of updates) Y.applyUpdate(doc, u) })
}

// Heap held by a parsed document (V8 heapUsed after a full GC, with and without the document).
function heldBytes (state) {
  global.gc(); global.gc()
  const before = process.memoryUsage().heapUsed
  const doc = parse(state)
  global.gc(); global.gc()
  const held = process.memoryUsage().heapUsed - before
  if (doc.getText('text').length === 0) throw new Error('empty document')
  return held
}
if (typeof global.gc === 'function') {
  console.log(JSON.stringify({ impl: 'yjs', op: 'HeldMemoryB4', bytes: heldBytes(b4State) }))
  console.log(JSON.stringify({ impl: 'yjs', op: 'HeldMemoryB4x100', bytes: heldBytes(b4x100State) }))
}
