// Shared by gen-crdt-inputs.mjs and time-yjs-crdt.mjs: reading the generated input files, and the PRNG.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export function mulberry32 (seed) {
  return () => {
    seed |= 0; seed = seed + 0x6D2B79F5 | 0
    let t = Math.imul(seed ^ seed >>> 15, 1 | seed)
    t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t
    return ((t ^ t >>> 14) >>> 0) / 4294967296
  }
}

// Length-prefixed list: 4-byte little-endian length, then the bytes (the C# side reads the same format).
export function writeList (file, list) {
  const total = list.reduce((n, u) => n + 4 + u.length, 0)
  const buf = Buffer.alloc(total)
  let off = 0
  for (const u of list) { buf.writeUInt32LE(u.length, off); off += 4; Buffer.from(u).copy(buf, off); off += u.length }
  writeFileSync(file, buf)
}

export function readList (file) {
  const buf = readFileSync(file)
  const list = []
  for (let off = 0; off < buf.length;) {
    const n = buf.readUInt32LE(off); off += 4
    list.push(new Uint8Array(buf.subarray(off, off + n))); off += n
  }
  return list
}

export const readBytes = (dir, file) => new Uint8Array(readFileSync(path.join(dir, file)))
export const readJson = (dir, file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'))
