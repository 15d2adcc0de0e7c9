// Differential oracle for the C# Yjs layer: generates seeded random editing sessions with real yjs
// and writes, per session, one JSON line with yjs's own answers (hex) for merge, diff, state
// vectors, v2→v1 conversion and full states. See lib/cases.mjs for the record layout.
//
//   node gen-sessions.mjs --seed S --count N [--start K] [--out FILE]
//   node gen-sessions.mjs --seed S --only I          (regenerate one session)
import { createWriteStream } from 'node:fs'
import { buildSession } from './lib/cases.mjs'

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
  for (let i = opts.start; i < opts.start + opts.count; i++) {
    const line = JSON.stringify(buildSession(opts.seed, i)) + '\n'
    if (!out.write(line)) await new Promise((resolve) => out.once('drain', resolve))
  }
  if (out !== process.stdout) await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())))
}

main().catch((err) => {
  process.stderr.write(`gen-sessions: ${err.stack ?? err}\n`)
  process.exit(1)
})
