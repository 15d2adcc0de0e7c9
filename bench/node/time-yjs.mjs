// Times real yjs on the benchmark inputs; prints one JSON line per operation with the median.
// Usage: node time-yjs.mjs INPUT_DIR [REPETITIONS]
import * as Y from 'yjs'
import { readFileSync } from 'node:fs'
import path from 'node:path'

const dir = process.argv[2] ?? 'inputs'
const reps = Number(process.argv[3] ?? 15)
const readList = file => {
  const buf = readFileSync(path.join(dir, file))
  const list = []
  for (let off = 0; off < buf.length;) {
    const n = buf.readUInt32LE(off); off += 4
    list.push(new Uint8Array(buf.subarray(off, off + n))); off += n
  }
  return list
}
const small = readList('small-updates-10k.bin')
const doc = new Uint8Array(readFileSync(path.join(dir, 'doc-5mb.bin')))
const svHalf = new Uint8Array(readFileSync(path.join(dir, 'doc-5mb-sv-half.bin')))

function time (name, fn) {
  for (let i = 0; i < 3; i++) fn() // warm-up (JIT)
  const samples = []
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint()
    fn()
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  samples.sort((a, b) => a - b)
  console.log(JSON.stringify({ impl: 'yjs', op: name, medianMs: samples[Math.floor(samples.length / 2)], reps }))
}

time('DecodeValidate5MB', () => Y.decodeUpdate(doc))
time('DecodeValidate10kSmall', () => { for (const u of small) Y.decodeUpdate(u) })
time('Merge10kSmall', () => Y.mergeUpdates(small))
time('Diff5MB', () => Y.diffUpdate(doc, svHalf))
time('StateVector5MB', () => Y.encodeStateVectorFromUpdate(doc))
time('StateVector10kSmall', () => { for (const u of small) Y.encodeStateVectorFromUpdate(u) })
