// Seeded randomness for the differential corpus. Nothing here may call Math.random or Date:
// the same seed must always produce the same sessions, byte for byte.

/** mulberry32: a tiny 32-bit PRNG, good enough for test-case selection. */
const mulberry32 = (seed) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Mixes a run seed and a session index into an independent 32-bit session seed (murmur3 finalizer). */
export const deriveSeed = (seed, index, salt = 0) => {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca77)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

export class Prng {
  constructor (seed) {
    this.next = mulberry32(seed)
  }

  /** Integer in [lo, hi], both inclusive. */
  int (lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  uint32 () {
    return Math.floor(this.next() * 4294967296) >>> 0
  }

  bool (p = 0.5) {
    return this.next() < p
  }

  pick (items) {
    return items[Math.floor(this.next() * items.length)]
  }

  /** Picks an entry of [[weight, value], ...] with probability proportional to its weight. */
  weighted (entries) {
    const total = entries.reduce((s, [w]) => s + w, 0)
    let r = this.next() * total
    for (const [w, v] of entries) {
      r -= w
      if (r < 0) return v
    }
    return entries[entries.length - 1][1]
  }

  /** Returns a shuffled copy (Fisher-Yates). */
  shuffle (items) {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const t = out[i]
      out[i] = out[j]
      out[j] = t
    }
    return out
  }
}
