// Healthy peers for the live fuzz test (YServer.Tests/Resilience/LiveFuzzTests.cs): real y-websocket clients keep
// editing while a fuzz client throws mutated frames at the same rooms. Prints READY once every client synced, edits
// until a line `stop` on stdin, then waits until the clients of each room agree and every healthy edit reached every
// client, and prints RESULT {room: content}. Fuzz traffic the server accepted is part of the content; what matters is
// that the clients of a room agree with each other, hold all healthy edits, and (checked by the test with
// `persist.mjs read` after a restart) with what the server stored.
//
//   node e2e/fuzz-peers.mjs --url U --room R [--room R2 ...] [--clients 2] [--seed S] [--interval-ms 20]
import * as Y from 'yjs'
import { canonicalJson, fingerprint, randomEdit, Client } from './client.mjs'
import { Prng, ScenarioFailure, log, sleep, waitFor, withTimeout } from './util.mjs'

const parseArgs = (argv) => {
  const opts = { url: null, rooms: [], clients: 2, seed: Number(process.env.YSERVER_TEST_SEED ?? 1) >>> 0, intervalMs: 20, maxMs: 3600000 }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => argv[++i]
    switch (arg) {
      case '--url': opts.url = value(); break
      case '--room': opts.rooms.push(value()); break
      case '--clients': opts.clients = Number(value()); break
      case '--seed': opts.seed = Number(value()) >>> 0; break
      case '--interval-ms': opts.intervalMs = Number(value()); break
      case '--max-ms': opts.maxMs = Number(value()); break
      default: throw new Error(`unknown option ${arg}`)
    }
  }
  if (opts.url === null || opts.rooms.length === 0) throw new Error('--url and --room are required')
  return opts
}

const print = (line) => process.stdout.write(`${line}\n`)

const stdinLine = (word) => new Promise((resolve) => {
  let buffered = ''
  process.stdin.setEncoding('utf8')
  process.stdin.on('data', (chunk) => {
    buffered += chunk
    if (buffered.split('\n').some((line) => line.trim() === word)) resolve()
  })
})

/** Content, state vector and delete set in one comparable string. */
const digest = (doc) => {
  const f = fingerprint(doc)
  const ds = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)) // the delete set of the whole document
  return `${canonicalJson(f.content)}|${JSON.stringify(f.stateVector)}|${Buffer.from(ds).toString('base64')}`
}

/** Every local (healthy) edit's clock range is in `doc`. */
const holdsAll = (doc, ownClocks) => {
  const sv = Y.decodeStateVector(Y.encodeStateVector(doc))
  for (const [client, clock] of ownClocks) {
    if ((sv.get(client) ?? 0) < clock) return `client ${client} edits up to clock ${clock}, replica has ${sv.get(client) ?? 0}`
  }
  return null
}

const main = async (opts) => {
  const prng = new Prng(opts.seed)
  const rooms = opts.rooms.map((room, r) => {
    const clients = []
    for (let i = 0; i < opts.clients; i++) clients.push(new Client(opts.url, room, { name: `${room}#${i}` }))
    return { room, clients, prngs: clients.map((_, i) => prng.fork(r * 100 + i)) }
  })
  await Promise.all(rooms.flatMap((r) => r.clients.map((c) => c.synced(30000))))
  let editing = true
  const stopped = stdinLine('stop').then(() => { editing = false })
  print('READY')
  let edits = 0
  const started = Date.now()
  while (editing && Date.now() - started < opts.maxMs) {
    for (const r of rooms) {
      const i = edits % r.clients.length
      randomEdit(r.clients[i].doc, r.prngs[i])
    }
    edits++
    await sleep(opts.intervalMs)
  }
  await stopped
  const opens = rooms.flatMap((r) => r.clients.map((c) => c.opens))
  log(`stopped after ${edits} edit rounds; connection opens per client: ${opens.join(',')}`)
  const own = (r) => r.clients.map((c) => [c.clientID, Y.decodeStateVector(Y.encodeStateVector(c.doc)).get(c.clientID) ?? 0])
  for (const r of rooms) {
    const clocks = own(r)
    const problem = () => {
      for (const c of r.clients) {
        if (!c.provider.synced) return `${c.name} is not synced (opens ${c.opens})`
        const missing = holdsAll(c.doc, clocks)
        if (missing !== null) return `${c.name}: ${missing}`
      }
      const first = digest(r.clients[0].doc)
      for (const c of r.clients.slice(1)) {
        if (digest(c.doc) !== first) return `${c.name} differs from ${r.clients[0].name}`
      }
      return null
    }
    await waitFor(`room '${r.room}' to converge`, () => problem() === null, 60000, problem, 100)
  }
  const content = (c) => {
    const f = fingerprint(c.doc)
    return { ...JSON.parse(canonicalJson(f.content)), stateVector: f.stateVector }
  }
  print(`RESULT ${JSON.stringify({ edits, opens, rooms: Object.fromEntries(rooms.map((r) => [r.room, content(r.clients[0])])) })}`)
  rooms.forEach((r) => r.clients.forEach((c) => c.destroy()))
}

process.setMaxListeners(0)
const opts = parseArgs(process.argv.slice(2))
// process.exit drops what is still queued for a pipe (Node cuts a long RESULT line at 64 KiB): exit once it is written.
withTimeout('fuzz-peers', main(opts), opts.maxMs + 120000).then(() => process.stdout.write('', () => process.exit(0)), (err) => {
  process.stderr.write(`fuzz-peers: ${err instanceof ScenarioFailure ? err.message : err?.stack ?? err}\n`)
  process.exit(1)
})
