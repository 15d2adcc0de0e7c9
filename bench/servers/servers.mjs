// Starting and stopping the servers under test: each in its own process group (spawn detached = setsid),
// on a loopback port, with its own store directory; stopped by signalling that process group only.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import net from 'node:net'
import WebSocket from 'ws'
import { now, sleep, groupCpuSeconds } from './lib.mjs'

const here = path.dirname(new URL(import.meta.url).pathname)

// The peers enforce no connection or rate limits, so yserver runs without them too: W3 opens 10,000 connections from
// one address, W5 and W1sat send thousands of messages per second per connection, W4 sends a 5 MB update. 0 = no limit;
// settings yserver does not have are ignored (configuration binding skips unknown keys).
const NO_LIMITS = {
  YSERVER_Limits__MaxConnections: '0',
  YSERVER_Limits__MaxConnectionsPerIp: '0',
  YSERVER_Limits__MaxConnectionsPerRoom: '0',
  YSERVER_Limits__MessagesPerSecond: '0',
  YSERVER_Limits__BytesPerSecond: '0',
  YSERVER_Limits__MaxLoadedRooms: '0'
}

export const SERVERS = {
  yserver: {
    proto: 'y',
    durableBeforeRelay: true,
    command: (port, store, ctx) => ({
      cmd: ctx.yserverBin,
      args: ['--host', '127.0.0.1', '--port', String(port), '--store', store, '--log-level', 'warning'],
      env: NO_LIMITS
    })
  },
  reference: {
    proto: 'y',
    durableBeforeRelay: false,
    command: (port, store) => ({
      cmd: process.execPath,
      args: [path.join(here, 'node_modules/@y/websocket-server/src/server.js')],
      env: { HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: store }
    })
  },
  hocuspocus: {
    proto: 'hp',
    durableBeforeRelay: false,
    command: (port, store) => ({
      cmd: process.execPath,
      args: [path.join(here, 'hocuspocus-server.mjs'), String(port), store],
      env: {}
    })
  }
}

const running = new Set()

/** Kills every process group this process started (used on exit and on signals). */
export function killAll (signal = 'SIGKILL') {
  for (const s of running) {
    try { process.kill(-s.pid, signal) } catch {}
  }
}

async function freePort () {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function tryConnect (url, timeoutMs) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs })
    const done = (ok) => { clearTimeout(timer); try { ws.terminate() } catch {} resolve(ok) }
    const timer = setTimeout(() => done(false), timeoutMs)
    ws.once('open', () => done(true))
    ws.once('error', () => done(false))
  })
}

/**
 * Starts server `name` with store dir `store` (created). Returns a handle with pid (= process group id), port,
 * base URL and the startup time (spawn to first accepted WebSocket connection, ms).
 */
export async function startServer (name, store, ctx) {
  const def = SERVERS[name]
  const port = await freePort()
  fs.mkdirSync(store, { recursive: true })
  const { cmd, args, env } = def.command(port, store, ctx)
  const full = ctx.pin ? ['taskset', ['-c', ctx.serverCpus, cmd, ...args]] : [cmd, args]
  const log = fs.openSync(path.join(ctx.outDir, 'logs', `${name}.log`), 'a')
  const t0 = now()
  const child = spawn(full[0], full[1], {
    detached: true, // setsid: own process group, pgid = pid
    stdio: ['ignore', log, log],
    env: { ...process.env, ...env },
    cwd: store
  })
  fs.closeSync(log)
  const handle = { name, pid: child.pid, port, base: `ws://127.0.0.1:${port}`, store, child, exited: false, proto: def.proto }
  running.add(handle)
  handle.exitPromise = new Promise((resolve) => child.once('exit', (code, sig) => { handle.exited = true; running.delete(handle); resolve({ code, sig }) }))
  const deadline = t0 + 30000
  let ok = false
  while (!ok && now() < deadline && !handle.exited) {
    ok = await tryConnect(`${handle.base}/__probe`, 1000)
    if (!ok) await sleep(5)
  }
  if (!ok) {
    await stopServer(handle)
    throw new Error(`${name} did not accept a WebSocket connection within 30 s (see ${ctx.outDir}/logs/${name}.log)`)
  }
  handle.startupMs = now() - t0
  return handle
}

/** SIGTERM to the process group, wait up to 15 s, then SIGKILL to the group. */
export async function stopServer (handle) {
  if (handle.exited) return
  try { process.kill(-handle.pid, 'SIGTERM') } catch {}
  const t = setTimeout(() => { try { process.kill(-handle.pid, 'SIGKILL') } catch {} }, 15000)
  await handle.exitPromise
  clearTimeout(t)
}

/** Waits until the server's process group has used < 2 % CPU over 300 ms (bounded by maxMs). */
export async function waitIdle (handle, maxMs = 30000) {
  const deadline = now() + maxMs
  let prev = groupCpuSeconds(handle.pid)
  while (now() < deadline) {
    await sleep(300)
    const c = groupCpuSeconds(handle.pid)
    if (c - prev < 0.006) return true
    prev = c
  }
  return false
}
