// Differential oracle for the C# Yjs layer: generates seeded random editing sessions with real yjs
// and writes, per session, one JSON line with yjs's own answers (hex) for merge, diff, state
// vectors, v2→v1 conversion and full states. See lib/cases.mjs for the record layout.
//
//   node gen-sessions.mjs --seed S --count N [--start K] [--out FILE]
//   node gen-sessions.mjs --seed S --only I          (regenerate one session)
import { createWriteStream } from 'node:fs'
import { buildSession } from './lib/cases.mjs'
import { PREMISE_VIOLATED } from './lib/self-check.mjs'

const parseArgs = (argv) => {
  const opts = { seed: 1, count: 500, start: 0, out: null }
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]]
    if (value === undefined) throw new Error(`missing value for ${flag}`)
    switch (flag) {
      case '--seed': opts.seed = Number(value) >>> 0; break
      case '--count': opts.count = Number(value); break
      case '--start': opts.start = Number(value); break
      case '--only': opts.start = Number(value); opts.count = 1; break
      case '--out': opts.out = value; break
      default: throw new Error(`unknown option ${flag}`)
    }
  }
  if (!Number.isInteger(opts.count) || opts.count < 0 || !Number.isInteger(opts.start) || opts.start < 0) {
    throw new Error('--count/--start/--only must be non-negative integers')
  }
  return opts
}

const main = async () => {
  const opts = parseArgs(process.argv.slice(2))
  const out = opts.out === null ? process.stdout : createWriteStream(opts.out)
  // A session on which real yjs breaks its own premises (see lib/self-check.mjs: a yjs convergence bug, not
  // a C# one) is skipped and the next index taken, so the corpus still has --count sessions and every kept
  // session keeps its index for --only. --only reports the skip instead of silently moving on.
  let skipped = 0
  for (let i = opts.start, kept = 0; kept < opts.count; i++) {
    let record
    try {
      record = buildSession(opts.seed, i)
    } catch (err) {
      if (opts.count === 1 || !String(err.message).startsWith(PREMISE_VIOLATED)) throw err
      skipped++
      process.stderr.write(`gen-sessions: skipped session ${i} (seed ${opts.seed}): ${err.message}\n`)
      continue
    }
    kept++
    const line = JSON.stringify(record) + '\n'
    if (!out.write(line)) await new Promise((resolve) => out.once('drain', resolve))
  }
  process.stderr.write(`gen-sessions: ${opts.count} sessions written, ${skipped} skipped because yjs itself failed the self-check\n`)
  if (out !== process.stdout) await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())))
}

main().catch((err) => {
  process.stderr.write(`gen-sessions: ${err.stack ?? err}\n`)
  process.exit(1)
})
