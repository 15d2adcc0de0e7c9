// W4's generator floor: the same 10 joiners (lib.mjs Client, one Node process) against a trivial server that does
// nothing but answer each sync step 1 with one prepared step 2 holding W4's 5 MB document. Whatever W4 measures
// for a real server above this is the server's share. Usage (from bench/servers): node w4-floor.mjs [reps]
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { WebSocketServer } from 'ws'
import { Client, sleep, quantiles, loadavg } from './lib.mjs'

if (process.argv[2] === '--serve') {
  const [port, file] = process.argv.slice(3)
  const step2 = fs.readFileSync(file)
  const wss = new WebSocketServer({ port: +port, host: '127.0.0.1', perMessageDeflate: false })
  wss.on('connection', (ws) => {
    ws.send(Buffer.from([0, 0, 1, 0])) // step 1 with an empty state vector
    ws.on('message', (m) => { if (m[0] === 0 && m[1] === 0) ws.send(step2) })
  })
  wss.on('listening', () => console.log('ready'))
} else {
  const reps = +(process.argv[2] || 5)
  // W4's document (workloads.mjs bigDocument): 5 MB of 100-character lines typed in transactions of 100 lines
  const doc = new Y.Doc()
  doc.clientID = 777
  const text = doc.getText('t')
  const line = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. 0123456789\n'
  const lines = Math.ceil((5 * 1024 * 1024) / line.length)
  for (let i = 0; i < lines; i += 100) doc.transact(() => { for (let k = i; k < Math.min(lines, i + 100); k++) text.insert(text.length, line) })
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc))
  const file = path.join(os.tmpdir(), `w4-floor-${process.pid}.bin`)
  fs.writeFileSync(file, encoding.toUint8Array(e))
  const port = 20000 + Math.floor(Math.random() * 20000)
  const srv = spawn(process.execPath, [process.argv[1], '--serve', port, file], { stdio: ['ignore', 'pipe', 'inherit'] })
  const stop = () => { srv.kill('SIGTERM'); fs.rmSync(file, { force: true }) }
  process.on('exit', stop)
  await new Promise((resolve) => srv.stdout.once('data', resolve))
  const medians = []
  for (let r = 0; r < reps; r++) {
    const cs = Array.from({ length: 10 }, () => new Client({ base: `ws://127.0.0.1:${port}`, room: 'w4', proto: 'y' }))
    await Promise.all(cs.map((c) => c.syncedPromise))
    const q = quantiles(cs.map((c) => c.tSynced - c.tStart))
    medians.push(q.p50)
    console.log(`rep ${r}: 10 joiners, median ${q.p50.toFixed(1)} ms, max ${q.max.toFixed(1)} ms, load ${loadavg().join(' ')}`)
    for (const c of cs) c.terminate()
    await sleep(300)
  }
  console.log(`median of medians: ${quantiles(medians).p50.toFixed(1)} ms`)
  stop()
  process.exit(0)
}
