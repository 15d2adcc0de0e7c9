// Client side of the persistence tests, which a C# test drives (it owns the server process and
// kills it). Each command prints machine-readable lines on stdout: `READY`, `RESULT <json>`; all
// other lines are logs. Exit code 0 on success, 1 with a message on stderr otherwise.
//
//   write  --url U --room R [--room R2 ...] [--seed S] [--edits N] [--hold]
//          Two clients per room; one makes N seeded random edits; once the other has received
//          them all (so the server holds them), prints RESULT {room: content}. With --hold it then
//          stays connected until the server goes away (so a shutdown meets open connections).
//   read   --url U --room R [--room R2 ...]
//          A fresh client per room loads it; prints RESULT {room: content}.
//   stream --url U --room R --tag T [--interval-ms 2] [--max-ms 60000]
//          A writer pushes T*1000000+n (n = 0, 1, ...) onto the 'log' array, continuously; an observer
//          watches. Prints READY once the observer has seen a first value, and SEEN <count> whenever
//          the observer's count of this run's values grows. When the server goes away, prints RESULT {"observed": [every value the observer had received], "written": count}.
import { canonicalJson, createOracle, fingerprint, randomEdit, randomEdits, waitConverged, Client } from './client.mjs'
import { Prng, ScenarioFailure, fail, log, sleep, withTimeout } from './util.mjs'

const parseArgs = (argv) => {
  const opts = { command: argv[0], url: null, rooms: [], seed: Number(process.env.YSERVER_TEST_SEED ?? 1) >>> 0, edits: 200, hold: false, tag: 0, intervalMs: 2, maxMs: 60000 }
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${arg}`)
      return argv[++i]
    }
    switch (arg) {
      case '--url': opts.url = value(); break
      case '--room': opts.rooms.push(value()); break
      case '--seed': opts.seed = Number(value()) >>> 0; break
      case '--edits': opts.edits = Number(value()); break
      case '--hold': opts.hold = true; break
      case '--tag': opts.tag = Number(value()); break
      case '--interval-ms': opts.intervalMs = Number(value()); opts.intervalMsGiven = true; break
      case '--max-ms': opts.maxMs = Number(value()); break
      default: throw new Error(`unknown option ${arg}`)
    }
  }
  if (opts.url === null || opts.rooms.length === 0) throw new Error('--url and --room are required')
  return opts
}

const print = (line) => process.stdout.write(`${line}\n`)

/** The room's content; `pending` is true when the document holds updates whose predecessors it never got. */
const contentOf = (client) => {
  const f = fingerprint(client.doc)
  return { ...JSON.parse(canonicalJson(f.content)), pending: f.pending }
}

/** Resolves when the client's connection is gone (server stopped or killed). */
const connectionLost = (client) => new Promise((resolve) => {
  client.provider.on('connection-close', () => resolve())
  client.provider.on('status', ({ status }) => { if (status === 'disconnected') resolve() })
})

const write = async (opts) => {
  const prng = new Prng(opts.seed)
  const pairs = opts.rooms.map((room, r) => {
    const writer = new Client(opts.url, room, { name: `writer${r}` })
    const observer = new Client(opts.url, room, { name: `observer${r}` })
    return { room, writer, observer, oracle: createOracle([writer]) }
  })
  await Promise.all(pairs.flatMap((p) => [p.writer.synced(), p.observer.synced()]))
  for (const [r, p] of pairs.entries()) {
    p.writer.doc.getMap('map').set('room', p.room)
    await randomEdits(p.writer, prng.fork(r), opts.edits)
  }
  await Promise.all(pairs.map((p) => waitConverged(`room '${p.room}' to reach the observer`, [p.writer, p.observer], p.oracle, 20000)))
  print(`RESULT ${JSON.stringify(Object.fromEntries(pairs.map((p) => [p.room, contentOf(p.observer)])))}`)
  if (opts.hold) {
    log('holding the connections until the server goes away')
    await Promise.all(pairs.map((p) => connectionLost(p.observer)))
  }
  for (const p of pairs) {
    p.writer.destroy()
    p.observer.destroy()
  }
}

const read = async (opts) => {
  const clients = opts.rooms.map((room, r) => new Client(opts.url, room, { name: `reader${r}` }))
  await Promise.all(clients.map((c) => c.synced(20000)))
  print(`RESULT ${JSON.stringify(Object.fromEntries(clients.map((c) => [c.room, contentOf(c)])))}`)
  clients.forEach((c) => c.destroy())
}

const stream = async (opts) => {
  const room = opts.rooms[0]
  const writer = new Client(opts.url, room, { name: 'writer' })
  const observer = new Client(opts.url, room, { name: 'observer' })
  await Promise.all([writer.synced(), observer.synced()])
  const lost = connectionLost(observer)
  let gone = false
  lost.then(() => { gone = true })
  const base = opts.tag * 1000000
  const entries = writer.doc.getArray('log')
  const seen = observer.doc.getArray('log')
  let written = 0
  let ownSeen = 0
  let reported = 0
  seen.observe((event) => {
    for (const d of event.changes.delta) {
      if (d.insert !== undefined) ownSeen += d.insert.filter((v) => v >= base && v < base + 1000000).length
    }
  })
  const started = Date.now()
  while (!gone) {
    if (Date.now() - started > opts.maxMs) fail(`the server was still there after ${opts.maxMs} ms of writing`)
    if (writer.provider.wsconnected) entries.push([base + written++])
    if (ownSeen !== reported) {
      if (reported === 0) print('READY')
      reported = ownSeen
      print(`SEEN ${ownSeen}`)
    }
    await sleep(opts.intervalMs)
  }
  const observed = seen.toArray()
  writer.kill()
  observer.kill()
  print(`RESULT ${JSON.stringify({ observed, written })}`)
}

/** Resolves on the first stdin line equal to `word`. */
const stdinLine = (word) => new Promise((resolve) => {
  let buffered = ''
  process.stdin.setEncoding('utf8')
  process.stdin.on('data', (chunk) => {
    buffered += chunk
    if (buffered.split('\n').some((line) => line.trim() === word)) resolve()
  })
})

const survive = async (opts) => {
  const prng = new Prng(opts.seed)
  const clients = [0, 1, 2].map((i) => new Client(opts.url, opts.rooms[0], { name: `client${i}` }))
  const prngs = clients.map((_, i) => prng.fork(i))
  const oracle = createOracle(clients)
  await Promise.all(clients.map((c) => c.synced()))
  let editing = true
  stdinLine('stop').then(() => { editing = false })
  print('READY')
  let edits = 0
  let reconnected = false
  const started = Date.now()
  while (editing) {
    if (Date.now() - started > opts.maxMs) fail(`no 'stop' on stdin within ${opts.maxMs} ms`)
    const i = edits++ % clients.length
    randomEdit(clients[i].doc, prngs[i])
    if (!reconnected && clients.every((c) => c.opens >= 2 && c.provider.synced)) {
      reconnected = true
      print('RECONNECTED')
    }
    await sleep(opts.intervalMs)
  }
  log(`stopped after ${edits} edits; connected: ${clients.map((c) => c.provider.wsconnected).join(', ')}`)
  await waitConverged('clients to converge after the server restart', clients, oracle, 30000, 100)
  print(`RESULT ${JSON.stringify({ opens: clients.map((c) => c.opens), edits, content: contentOf(clients[0]) })}`)
  clients.forEach((c) => c.destroy())
}

const main = async () => {
  const opts = parseArgs(process.argv.slice(2))
  switch (opts.command) {
    case 'write': return withTimeout('write', write(opts), 60000 + (opts.hold ? 600000 : 0))
    case 'read': return withTimeout('read', read(opts), 30000)
    case 'stream': return stream(opts)
    case 'survive': return survive({ ...opts, intervalMs: opts.intervalMsGiven ? opts.intervalMs : 20 })
    default: throw new Error(`unknown command '${opts.command}' (write, read, stream, survive)`)
  }
}

process.setMaxListeners(0)
// process.exit drops what is still queued for a pipe (Node cuts a long RESULT line at 64 KiB): exit once it is written.
main().then(() => process.stdout.write('', () => process.exit(0)), (err) => {
  process.stderr.write(`persist ${process.argv[2]}: ${err instanceof ScenarioFailure ? err.message : err?.stack ?? err}\n`)
  process.exit(1)
})
