// Runs end-to-end scenarios with real y-websocket clients against a running server.
//
//   node e2e/run.mjs --url ws://127.0.0.1:1234 [--seed N] [--timeout-ms N] [--set key=value]... SCENARIO...
//   node e2e/run.mjs --list
//
// SCENARIO is a name from --list, or `all`. The long lone-client scenarios run alongside the others.
// The seed comes from --seed, else YSERVER_TEST_SEED, else 1, and is printed first. Exit code 0 when
// every scenario passed; 1 with `FAIL <scenario> (seed N): <what was seen>` on stderr otherwise.
import { abruptDisconnectRemovesAwareness, awarenessSeenByOthers, newJoinerReceivesExistingAwareness } from './scenarios/awareness.mjs'
import { concurrentEditsConverge } from './scenarios/convergence.mjs'
import { lateJoinerGetsEverything } from './scenarios/late-joiner.mjs'
import { loneClientStaysConnected, loneEditorWithoutAwarenessStaysConnected } from './scenarios/lone-client.mjs'
import { manyRoomsConverge } from './scenarios/many-rooms.mjs'
import { offlineEditsMergeAfterReconnect } from './scenarios/offline.mjs'
import { encodedRoomNamesWork, roomsAreIsolated } from './scenarios/rooms.mjs'
import { ScenarioFailure, log, withTimeout } from './util.mjs'

export const SCENARIOS = {
  'concurrent-edits-converge': concurrentEditsConverge,
  'late-joiner-gets-everything': lateJoinerGetsEverything,
  'rooms-are-isolated': roomsAreIsolated,
  'encoded-room-names': encodedRoomNamesWork,
  'awareness-seen-by-others': awarenessSeenByOthers,
  'awareness-new-joiner-receives-existing': newJoinerReceivesExistingAwareness,
  'awareness-removed-after-abrupt-disconnect': abruptDisconnectRemovesAwareness,
  'offline-edits-merge': offlineEditsMergeAfterReconnect,
  'many-rooms-converge': manyRoomsConverge,
  'lone-client-stays-connected': loneClientStaysConnected,
  'lone-editor-without-awareness-stays-connected': loneEditorWithoutAwarenessStaysConnected
}

/** Scenarios that mostly wait: they run alongside the others instead of after them. */
const LONG = new Set(['lone-client-stays-connected', 'lone-editor-without-awareness-stays-connected'])

const parseArgs = (argv) => {
  const opts = { url: null, seed: Number(process.env.YSERVER_TEST_SEED ?? 1) >>> 0, timeoutMs: 120000, set: {}, names: [], list: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${arg}`)
      return argv[++i]
    }
    switch (arg) {
      case '--url': opts.url = value(); break
      case '--seed': opts.seed = Number(value()) >>> 0; break
      case '--timeout-ms': opts.timeoutMs = Number(value()); break
      case '--set': {
        const [key, raw] = value().split('=')
        opts.set[key] = Number.isNaN(Number(raw)) ? raw : Number(raw)
        break
      }
      case '--list': opts.list = true; break
      default:
        if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`)
        opts.names.push(arg)
    }
  }
  return opts
}

const runOne = async (name, url, opts) => {
  const options = { seed: opts.seed, ...opts.set }
  const timeoutMs = LONG.has(name) ? Math.max(opts.timeoutMs, (options.durationMs ?? 65000) + 30000) : opts.timeoutMs
  const started = Date.now()
  try {
    await withTimeout(`scenario ${name}`, SCENARIOS[name](url, options), timeoutMs)
    log(`PASS ${name} in ${Date.now() - started} ms`)
    return true
  } catch (err) {
    const message = err instanceof ScenarioFailure ? err.message : (err?.stack ?? String(err))
    process.stderr.write(`FAIL ${name} (seed ${opts.seed}) after ${Date.now() - started} ms: ${message}\n`)
    return false
  }
}

const main = async () => {
  const opts = parseArgs(process.argv.slice(2))
  if (opts.list) {
    process.stdout.write(Object.keys(SCENARIOS).join('\n') + '\n')
    return 0
  }
  if (opts.url === null) throw new Error('--url is required')
  let names = opts.names.includes('all') ? Object.keys(SCENARIOS) : opts.names
  if (names.length === 0) throw new Error('name at least one scenario (or all)')
  const unknown = names.filter((n) => !(n in SCENARIOS))
  if (unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; see --list`)
  log(`seed=${opts.seed} url=${opts.url}`)

  const long = names.filter((n) => LONG.has(n)).map((n) => runOne(n, opts.url, opts))
  names = names.filter((n) => !LONG.has(n))
  let ok = true
  for (const name of names) ok = (await runOne(name, opts.url, opts)) && ok
  for (const result of await Promise.all(long)) ok = result && ok
  return ok ? 0 : 1
}

process.setMaxListeners(0) // every provider adds an 'exit' listener

process.on('unhandledRejection', (err) => {
  process.stderr.write(`FAIL unhandled rejection: ${err?.stack ?? err}\n`)
  process.exit(1)
})

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`run.mjs: ${err?.stack ?? err}\n`)
  process.exit(2)
})
