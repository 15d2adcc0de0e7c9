// Small helpers shared by the end-to-end scenarios: a seeded PRNG, bounded waits and failures that
// say what was expected. Nothing here uses Math.random: a seed reproduces a run's edits.

/** mulberry32: tiny seeded 32-bit PRNG. */
export class Prng {
  constructor (seed) {
    this.state = seed >>> 0
  }

  next () {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Integer in [lo, hi], both inclusive. */
  int (lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  bool (p = 0.5) {
    return this.next() < p
  }

  pick (items) {
    return items[Math.floor(this.next() * items.length)]
  }

  /** A derived, independent generator (for one client, one room, ...). */
  fork (salt) {
    let h = (this.state ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
    return new Prng((h ^ (h >>> 16)) >>> 0)
  }
}

/** A failed expectation: the runner prints its message without a stack. */
export class ScenarioFailure extends Error {}

export const fail = (message) => {
  throw new ScenarioFailure(message)
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Polls `predicate` every `intervalMs` until it returns a truthy value (returned) or `timeoutMs`
 * passes; then fails with `what` and, if given, `detail()` (called lazily for the message).
 */
export const waitFor = async (what, predicate, timeoutMs, detail = null, intervalMs = 20) => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = predicate()
    if (value) return value
    if (Date.now() >= deadline) {
      fail(`timed out after ${timeoutMs} ms waiting for ${what}${detail === null ? '' : `\n${detail()}`}`)
    }
    await sleep(intervalMs)
  }
}

/** Resolves with `promise`, or fails with `what` after `timeoutMs`. */
export const withTimeout = (what, promise, timeoutMs) => {
  let timer
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new ScenarioFailure(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export const log = (...args) => {
  process.stdout.write(`[${new Date().toISOString().slice(11, 23)}] ${args.join(' ')}\n`)
}
