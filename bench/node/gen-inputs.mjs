// Writes the benchmark inputs, produced by real yjs, so the C# and the Node side time the same bytes.
// Usage: node gen-inputs.mjs OUT_DIR
// Deterministic: seeded PRNG, fixed client IDs.
import * as Y from 'yjs'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const outDir = process.argv[2] ?? 'inputs'
mkdirSync(outDir, { recursive: true })

function mulberry32 (seed) {
  return () => {
    seed |= 0; seed = seed + 0x6D2B79F5 | 0
    let t = Math.imul(seed ^ seed >>> 15, 1 | seed)
    t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t
    return ((t ^ t >>> 14) >>> 0) / 4294967296
  }
}
const rand = mulberry32(0x5eed)
const alphabet = 'abcdefghijklmnopqrstuvwxyz     ,.\nÄé漢字😀'
const randomChar = () => {
  const chars = [...alphabet]
  return chars[Math.floor(rand() * chars.length)]
}

// Length-prefixed list: 4-byte little-endian length, then the bytes.
function writeList (file, list) {
  const total = list.reduce((n, u) => n + 4 + u.length, 0)
  const buf = Buffer.alloc(total)
  let off = 0
  for (const u of list) { buf.writeUInt32LE(u.length, off); off += 4; Buffer.from(u).copy(buf, off); off += u.length }
  writeFileSync(path.join(outDir, file), buf)
}

// 1. A room log of 10k keystroke-sized updates from three typists who sync with each other.
{
  const docs = [1, 2, 3].map(id => { const d = new Y.Doc(); d.clientID = 1000 + id; return d })
  const log = []
  docs.forEach(d => d.on('update', (u, origin) => { if (origin !== 'remote') log.push(u) }))
  while (log.length < 10000) {
    const d = docs[Math.floor(rand() * docs.length)]
    const t = d.getText('content')
    if (t.length > 20 && rand() < 0.2) {
      const at = Math.floor(rand() * (t.length - 1))
      t.delete(at, 1)
    } else {
      const at = Math.floor(rand() * (t.length + 1))
      t.insert(at, randomChar())
    }
    const u = log[log.length - 1]
    for (const other of docs) if (other !== d) Y.applyUpdate(other, u, 'remote')
  }
  writeList('small-updates-10k.bin', log.slice(0, 10000))
}

// 2. A ~5 MB text document (4000 × 1 KB of mixed-script text) written in 1 KB paragraphs with some deletions, and the state vector a
//    client had halfway through (the diff then carries half the document).
{
  const d = new Y.Doc(); d.clientID = 4242
  const t = d.getText('content')
  let svHalf = null
  const paragraphs = 4000
  for (let i = 0; i < paragraphs; i++) {
    let s = ''
    while (s.length < 1024) s += randomChar()
    t.insert(Math.floor(rand() * (t.length + 1)), s)
    if (i % 10 === 9) t.delete(Math.floor(rand() * (t.length - 64)), 32)
    if (i === paragraphs / 2) svHalf = Y.encodeStateVector(d)
  }
  const full = Y.encodeStateAsUpdate(d)
  writeFileSync(path.join(outDir, 'doc-5mb.bin'), full)
  writeFileSync(path.join(outDir, 'doc-5mb-sv-half.bin'), svHalf)
}
console.log(`inputs written to ${outDir}`)
