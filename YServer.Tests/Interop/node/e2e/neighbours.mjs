// Client side of the resource-limit interop test (the C# test owns the server and its limits): real y-websocket
// clients next to one that floods. Prints machine-readable lines on stdout; exit code 0 on success, 1 with a
// message on stderr otherwise.
//
//   node e2e/neighbours.mjs --url U --room R [--flood N]
//     Two healthy clients (writer, reader) join R and sync; prints READY. A third client then makes N edits in a
//     tight loop (N update messages at once) and is expected to be closed by the server: prints FLOODER_CLOSED
//     <close code>, and stops it reconnecting. The writer then types three edits; once the reader has each,
//     prints HEALTHY opens=<writer>,<reader> closes=<writer>,<reader> (1,1 and 0,0 when neither ever reconnected).
import { Client } from './client.mjs'
import { waitFor, withTimeout } from './util.mjs'

const parseArgs = (argv) => {
  const opts = { url: null, room: null, flood: 3000 }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${arg}`)
      return argv[++i]
    }
    switch (arg) {
      case '--url': opts.url = value(); break
      case '--room': opts.room = value(); break
      case '--flood': opts.flood = Number(value()); break
      default: throw new Error(`unknown option ${arg}`)
    }
  }
  if (opts.url === null || opts.room === null) throw new Error('--url and --room are required')
  return opts
}

const print = (line) => process.stdout.write(`${line}\n`)

const run = async (opts) => {
  const writer = new Client(opts.url, opts.room, { name: 'writer', awareness: { user: { name: 'writer' } } })
  const reader = new Client(opts.url, opts.room, { name: 'reader', awareness: { user: { name: 'reader' } } })
  await writer.synced()
  await reader.synced()
  print('READY')

  const flooder = new Client(opts.url, opts.room, { name: 'flooder', awareness: null })
  await flooder.synced()
  const closed = new Promise((resolve) => flooder.provider.once('connection-close', (event) => resolve(event?.code)))
  const log = flooder.doc.getArray('log')
  for (let i = 0; i < opts.flood; i++) log.push([i]) // one transaction, so one update message, each
  const code = await withTimeout('the flooder to be closed', closed, 30000)
  flooder.destroy()
  print(`FLOODER_CLOSED ${code}`)

  const text = writer.doc.getText('text')
  for (let n = 1; n <= 3; n++) {
    text.insert(text.length, `[${n}]`)
    await waitFor(`the reader to receive edit ${n}`, () => reader.doc.getText('text').toString().includes(`[${n}]`), 15000)
  }
  print(`HEALTHY opens=${writer.opens},${reader.opens} closes=${writer.closes},${reader.closes}`)
  writer.destroy()
  reader.destroy()
}

try {
  await run(parseArgs(process.argv.slice(2)))
  process.exit(0)
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`)
  process.exit(1)
}
