// Regenerates v8-sort-cases.json (used by YServer.Tests/Yjs/V8ArraySortTests.cs): arrays from a seeded
// PRNG, sorted by node's Array.prototype.sort with yjs's mergeUpdates comparator, which is inconsistent for
// equal keys of different kinds. Each row: [seed, length, keyRange, mode, fnv1a32(resulting permutation)].
// Run: node gen-v8-sort-cases.mjs > v8-sort-cases.json   (node 20; no packages needed)
const mulberry32 = a => () => { a |= 0; a = a + 0x6D2B79F5 | 0; let t = Math.imul(a ^ a >>> 15, 1 | a); t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t; return ((t ^ t >>> 14) >>> 0) / 4294967296 }
const make = (seed, n, keys, mode) => {
  const r = mulberry32(seed)
  const items = []
  for (let i = 0; i < n; i++) items.push({ i, k: Math.floor(r() * keys), t: Math.floor(r() * 2) })
  if (mode === 1) {
    // sorted, then the last element moved to the front: the shape mergeUpdates sorts after each step
    items.sort((a, b) => a.k - b.k || a.i - b.i)
    items.unshift(items.pop())
    items.forEach((x, j) => { x.i = j })
  }
  return items
}
const fnv = arr => { let h = 0x811c9dc5; for (const v of arr) { h ^= v; h = Math.imul(h, 0x01000193) >>> 0 } return h >>> 0 }
const out = []
let seed = 1
for (const n of [2, 3, 5, 8, 13, 31, 63, 64, 65, 100, 127, 128, 200, 257, 400, 1000, 3000]) {
  for (const keys of [1, 2, 3, 10, 50]) {
    for (const mode of [0, 1]) {
      for (let rep = 0; rep < 3; rep++) {
        const items = make(seed, n, keys, mode)
        items.sort((a, b) => a.k !== b.k ? a.k - b.k : (a.t === b.t ? 0 : -1))
        out.push([seed, n, keys, mode, fnv(items.map(x => x.i))])
        seed++
      }
    }
  }
}
console.log(JSON.stringify(out))
