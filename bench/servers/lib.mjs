// Load-generator building blocks: y-protocols messages over raw `ws` sockets (plain y-websocket framing, or
// Hocuspocus framing with the document name in front of every message and an auth handshake), process
// statistics from /proc, and small statistics helpers. Every wait here is bounded in time.
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import fs from 'node:fs'
import { execSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'

export const now = () => performance.now()
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// ---- y-protocols encoding ----------------------------------------------------------------------------
const SYNC = 0
const AWARENESS = 1
const AUTH = 2
const SYNC_REPLY = 4 // Hocuspocus: a sync message that does not trigger another step 1
const STEP1 = 0
const STEP2 = 1
const UPDATE = 2

export const EMPTY_SV = Y.encodeStateVector(new Y.Doc())
export const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())

function syncMessage (sub, bytes) {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, SYNC)
  encoding.writeVarUint(e, sub)
  encoding.writeVarUint8Array(e, bytes)
  return encoding.toUint8Array(e)
}
export const step1Message = (sv) => syncMessage(STEP1, sv)
export const step2Message = (update) => syncMessage(STEP2, update)
export const updateMessage = (update) => syncMessage(UPDATE, update)

/** Awareness update with one state: [1, varUint8Array([count=1, clientID, clock, json])]. */
export function awarenessMessage (clientID, clock, state) {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, clientID)
  encoding.writeVarUint(inner, clock)
  encoding.writeVarString(inner, JSON.stringify(state))
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, AWARENESS)
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
  return encoding.toUint8Array(e)
}

function prefixFor (room) {
  const e = encoding.createEncoder()
  encoding.writeVarString(e, room)
  return encoding.toUint8Array(e)
}

/**
 * Identity of a keystroke update as relayed: (client, clock) of its first struct. Read from the update header
 * (numGroups, numStructs, client, clock) so receivers do not decode the whole update; servers that re-encode
 * (the reference, Hocuspocus) keep client and clock. Returns -1 for an update without structs.
 */
export function updateKey (dec) {
  const groups = decoding.readVarUint(dec)
  if (groups === 0) return -1
  decoding.readVarUint(dec) // structs in the first group
  const client = decoding.readVarUint(dec)
  const clock = decoding.readVarUint(dec)
  return client * 1e7 + clock
}
export const keyOf = (client, clock) => client * 1e7 + clock

// ---- one client connection ------------------------------------------------------------------------------
/**
 * A protocol client. proto 'y': ws://host:port/<room>; proto 'hp': Hocuspocus, one socket per document here,
 * every message prefixed with the document name, an auth token message first.
 * Callbacks: onUpdate(key, tRecv, bytesLen), onStep2(update, tRecv), onAwareness().
 */
export class Client {
  constructor ({ base, room, proto, onUpdate, onStep2, onAwareness, onClose, keepStep2 = false, doc = null, onApplied = null }) {
    this.doc = doc // when set, every step 2 and update is applied to it and onApplied(t) is called
    this.onApplied = onApplied
    this.room = room
    this.proto = proto
    this.onUpdate = onUpdate
    this.onStep2 = onStep2
    this.onAwareness = onAwareness
    this.onClose = onClose
    this.keepStep2 = keepStep2
    this.synced = false
    this.prefix = proto === 'hp' ? prefixFor(room) : null
    const url = proto === 'hp' ? `${base}/${encodeURIComponent(room)}` : `${base}/${encodeURIComponent(room)}`
    this.tStart = now()
    this.ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 30000 })
    this.ws.binaryType = 'nodebuffer'
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => { this.tOpen = now(); resolve() })
      this.ws.once('error', reject)
    })
    this.opened.catch(() => {})
    this.ws.on('error', () => {})
    this.ws.on('close', () => { this.closed = true; this.onClose && this.onClose(this) })
    this.syncedPromise = new Promise((resolve) => { this._resolveSynced = resolve })
    this.ws.on('message', (data) => this._onMessage(data))
    this.ws.once('open', () => {
      if (proto === 'hp') {
        const e = encoding.createEncoder()
        encoding.writeVarString(e, room)
        encoding.writeVarUint(e, AUTH)
        encoding.writeVarUint(e, 0) // token
        encoding.writeVarString(e, '')
        this.ws.send(encoding.toUint8Array(e))
      }
      this.send(step1Message(EMPTY_SV))
    })
  }

  send (msg) {
    if (this.ws.readyState !== WebSocket.OPEN) return false
    if (this.prefix) {
      const b = Buffer.allocUnsafe(this.prefix.length + msg.length)
      b.set(this.prefix, 0)
      b.set(msg, this.prefix.length)
      this.ws.send(b)
    } else {
      this.ws.send(msg)
    }
    return true
  }

  _onMessage (data) {
    const t = now()
    const dec = decoding.createDecoder(data)
    if (this.prefix) decoding.readVarString(dec)
    const type = decoding.readVarUint(dec)
    if (type === SYNC || type === SYNC_REPLY) {
      const sub = decoding.readVarUint(dec)
      if (sub === STEP1) {
        decoding.readVarUint8Array(dec) // the server's state vector; we send only what we were told to
        this.send(step2Message(EMPTY_UPDATE))
      } else if (sub === STEP2) {
        const update = decoding.readVarUint8Array(dec)
        if (this.doc) { Y.applyUpdate(this.doc, update); this.onApplied && this.onApplied(t) }
        if (!this.synced) {
          this.synced = true
          this.tSynced = t
          this.step2Bytes = update.length
          if (this.keepStep2) this.step2 = update
          this._resolveSynced(t)
          this.onStep2 && this.onStep2(update, t)
        } else if (this.onUpdate) {
          this.onUpdate(updateKey(decoding.createDecoder(update)), t, update.length)
        }
      } else if (sub === UPDATE && this.doc) {
        Y.applyUpdate(this.doc, decoding.readVarUint8Array(dec))
        this.onApplied && this.onApplied(t)
      } else if (sub === UPDATE) {
        const len = decoding.readVarUint(dec)
        if (this.onUpdate) this.onUpdate(updateKey(dec), t, len)
      }
    } else if (type === AWARENESS) {
      this.onAwareness && this.onAwareness(t)
    }
  }

  close () {
    try { this.ws.close() } catch {}
  }

  terminate () {
    try { this.ws.terminate() } catch {}
  }
}

/** Waits until the promise settles or ms pass; returns true if it settled in time. */
export async function within (promise, ms) {
  let timer
  const r = await Promise.race([
    promise.then(() => true, () => false),
    new Promise((resolve) => { timer = setTimeout(() => resolve(false), ms) })
  ])
  clearTimeout(timer)
  return r
}

/** Opens n clients with at most `parallel` connecting at once; resolves when all are synced or timeout. */
export async function openMany (make, n, { parallel = 200, timeoutMs = 60000 } = {}) {
  const clients = new Array(n)
  let next = 0
  const deadline = now() + timeoutMs
  const worker = async () => {
    while (next < n && now() < deadline) {
      const i = next++
      const c = make(i)
      clients[i] = c
      await within(c.syncedPromise, Math.max(1, deadline - now()))
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, n) }, worker))
  return clients.filter(Boolean)
}

// ---- keystroke updates ------------------------------------------------------------------------------------
const updateCache = new Map()
/** `count` keystroke updates typed by client `clientID` into its own Y.Text, appended at its end. */
export function keystrokes (clientID, count) {
  let entry = updateCache.get(clientID)
  if (!entry) {
    const doc = new Y.Doc()
    doc.clientID = clientID
    const list = []
    doc.on('update', (u) => list.push(u))
    entry = { doc, text: doc.getText('t'), list }
    updateCache.set(clientID, entry)
  }
  const letters = 'etaoin shrdlu'
  while (entry.list.length < count) {
    entry.text.insert(entry.text.length, letters[entry.list.length % letters.length])
  }
  return entry.list
}

// ---- /proc -----------------------------------------------------------------------------------------------
let clkTck = 100
try { clkTck = Number(execSync('getconf CLK_TCK').toString().trim()) || 100 } catch {}

/** CPU seconds (user + system) of every process in process group pgid. */
export function groupCpuSeconds (pgid) {
  let ticks = 0
  let pids = []
  try { pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)) } catch {}
  for (const pid of pids) {
    let s
    try { s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8') } catch { continue }
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ')
    if (Number(rest[2]) !== pgid) continue
    ticks += Number(rest[11]) + Number(rest[12])
  }
  return ticks / clkTck
}

/** VmRSS and VmHWM (kB) summed over the process group's processes. */
export function groupMemKb (pgid) {
  let rss = 0
  let hwm = 0
  let pids = []
  try { pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)) } catch {}
  for (const pid of pids) {
    let s
    try { s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8') } catch { continue }
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ')
    if (Number(rest[2]) !== pgid) continue
    let st
    try { st = fs.readFileSync(`/proc/${pid}/status`, 'utf8') } catch { continue }
    const m1 = /VmRSS:\s+(\d+)/.exec(st)
    const m2 = /VmHWM:\s+(\d+)/.exec(st)
    if (m1) rss += Number(m1[1])
    if (m2) hwm += Number(m2[1])
  }
  return { rss, hwm }
}

export const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number)

/** Generator CPU meter: process CPU over wall time, in % of one core. */
export function cpuMeter () {
  const c0 = process.cpuUsage()
  const t0 = now()
  return () => {
    const c = process.cpuUsage(c0)
    const wall = (now() - t0) / 1000
    return { cpu_s: (c.user + c.system) / 1e6, wall_s: wall, pct: wall > 0 ? (100 * (c.user + c.system) / 1e6) / wall : 0 }
  }
}

/** Server CPU meter over its process group. */
export function serverCpuMeter (pgid) {
  const c0 = groupCpuSeconds(pgid)
  const t0 = now()
  return () => {
    const c = groupCpuSeconds(pgid) - c0
    const wall = (now() - t0) / 1000
    return { cpu_s: c, pct: wall > 0 ? (100 * c) / wall : 0 }
  }
}

// ---- statistics ------------------------------------------------------------------------------------------
export function quantiles (values) {
  if (values.length === 0) return { p50: null, p99: null, max: null, n: 0 }
  const a = Float64Array.from(values).sort()
  const q = (p) => a[Math.min(a.length - 1, Math.floor(p * a.length))]
  return { p50: round(q(0.5)), p99: round(q(0.99)), max: round(a[a.length - 1]), n: a.length }
}
export const round = (x, d = 2) => (x == null || !isFinite(x) ? x : Math.round(x * 10 ** d) / 10 ** d)
export function median (values) {
  const a = values.filter((v) => typeof v === 'number' && isFinite(v)).sort((x, y) => x - y)
  if (a.length === 0) return null
  const m = a.length >> 1
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2
}
