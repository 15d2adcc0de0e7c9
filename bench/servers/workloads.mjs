// The workloads. Each takes (ctx, serverName, params) and returns a metrics object; the caller starts a fresh
// server for it (except where the workload restarts the server itself) and records process statistics.
import * as Y from 'yjs'
import {
  Client, openMany, keystrokes, keyOf, updateMessage, awarenessMessage, now, sleep, within,
  quantiles, round, cpuMeter, serverCpuMeter, groupMemKb
} from './lib.mjs'
import { startServer, stopServer, waitIdle } from './servers.mjs'
import fs from 'node:fs'
import path from 'node:path'

const CLIENT_BASE = 1000 // client ids 1000.. (unique within a room; reused across rooms)
let roomSeq = 0
const roomName = (ctx, tag) => `${tag}-${ctx.runId}-${roomSeq++}`

/** Generator CPU above this (% of one core) means the generator, not the server, may be the limit. */
const GEN_LIMIT_PCT = 85

/** Server statistics over a measured phase: CPU %, peak RSS. */
function serverStats (srv, meter) {
  const cpu = meter()
  const mem = groupMemKb(srv.pid)
  return { server_cpu_pct: round(cpu.pct, 1), server_rss_kb: mem.rss, server_peak_rss_kb: mem.hwm }
}

function genStats (gen) {
  const g = gen()
  return { gen_cpu_pct: round(g.pct, 1), generator_limited: g.pct > GEN_LIMIT_PCT }
}

// ---- W1: fan-out latency --------------------------------------------------------------------------------
/**
 * rooms × clients per room, every client typing `rate` keystroke updates/s for `seconds`. Latency = receive time
 * at another client of the room − send time (same process clock). The echo to the sender is not counted.
 */
export async function fanout (ctx, srv, { rooms, clients, rate, seconds, drainMs = 3000 }) {
  const perClient = Math.max(1, Math.round(rate * seconds))
  for (let i = 0; i < clients; i++) keystrokes(CLIENT_BASE + i, perClient)
  const roomList = []
  const latencies = []
  const bySecond = [] // latencies by the second (since the first send) in which the update was sent
  let tStart = 0
  let received = 0
  let duplicates = 0
  let unknown = 0
  const all = []
  for (let r = 0; r < rooms; r++) {
    const room = { name: roomName(ctx, 'w1'), sent: new Map(), clients: [] }
    roomList.push(room)
  }
  const makeClient = (idx) => {
    const room = roomList[Math.floor(idx / clients)]
    const ci = idx % clients
    const c = new Client({
      base: srv.base,
      room: room.name,
      proto: srv.proto,
      onUpdate: (key, t) => {
        const e = room.sent.get(key)
        if (!e) { unknown++; return }
        if (e.sender === ci) return // echo
        if (e.seen[ci]) { duplicates++; return }
        e.seen[ci] = 1
        received++
        latencies.push(t - e.t)
        const sec = Math.floor((e.t - tStart) / 1000)
        ;(bySecond[sec] ||= []).push(t - e.t)
      }
    })
    room.clients[ci] = c
    all.push(c)
    return c
  }
  const total = rooms * clients
  const opened = await openMany(makeClient, total, { parallel: 100, timeoutMs: 60000 })
  const syncedCount = opened.filter((c) => c.synced).length
  if (syncedCount < total) {
    for (const c of all) c.terminate()
    return { error: `only ${syncedCount}/${total} clients synced` }
  }
  // schedule: every client sends at its rate with a random phase; one timer loop walks the sorted schedule
  const events = []
  const period = 1000 / rate
  for (let r = 0; r < rooms; r++) {
    for (let ci = 0; ci < clients; ci++) {
      const phase = Math.random() * period
      for (let k = 0; k < perClient; k++) events.push([phase + k * period, r, ci, k])
    }
  }
  events.sort((a, b) => a[0] - b[0])
  const msgs = new Map()
  const msgFor = (ci, k) => {
    const id = ci * 1e6 + k
    let m = msgs.get(id)
    if (!m) { m = updateMessage(keystrokes(CLIENT_BASE + ci, perClient)[k]); msgs.set(id, m) }
    return m
  }
  const gen = cpuMeter()
  const srvMeter = serverCpuMeter(srv.pid)
  const t0 = now()
  tStart = t0
  let idx = 0
  let maxLag = 0
  let sentCount = 0
  const endBy = t0 + seconds * 1000 + 10000
  await new Promise((resolve) => {
    const tick = () => {
      const t = now() - t0
      while (idx < events.length && events[idx][0] <= t) {
        const [due, r, ci, k] = events[idx++]
        maxLag = Math.max(maxLag, t - due)
        const room = roomList[r]
        const c = room.clients[ci]
        const key = keyOf(CLIENT_BASE + ci, k)
        room.sent.set(key, { t: now(), sender: ci, seen: new Uint8Array(clients) })
        if (c.send(msgFor(ci, k))) sentCount++
      }
      if (idx >= events.length || now() > endBy) resolve()
      else setTimeout(tick, 1)
    }
    tick()
  })
  const sendSeconds = (now() - t0) / 1000
  const expected = sentCount * (clients - 1)
  const drainEnd = now() + drainMs
  while (received + duplicates < expected && now() < drainEnd) await sleep(20)
  const wall = (now() - t0) / 1000
  const q = quantiles(latencies)
  const result = {
    rooms, clients, rate_per_client: rate, seconds,
    offered_deliveries_per_s: round((rooms * clients * rate * (clients - 1)), 0),
    sent: sentCount,
    deliveries: received,
    deliveries_per_s: round(received / sendSeconds, 0),
    latency_p50_ms: q.p50, latency_p99_ms: q.p99, latency_max_ms: q.max,
    loss: expected - received,
    loss_pct: round(expected ? (100 * (expected - received)) / expected : 0, 3),
    duplicates,
    unknown,
    schedule_max_lag_ms: round(maxLag, 1),
    latency_p99_by_second_ms: bySecond.map((a) => quantiles(a || []).p99),
    ...serverStats(srv, srvMeter),
    ...genStats(gen),
    wall_s: round(wall, 2)
  }
  for (const c of all) c.terminate()
  return result
}

// ---- W1sat: saturation -------------------------------------------------------------------------------------
/** 1 room × 50 clients, rate per client stepped up; the highest step with p99 ≤ 250 ms and no loss wins. */
export async function saturation (ctx, serverName, { clients = 50, rates, seconds }) {
  const steps = []
  let best = null
  let stoppedBy = 'all steps passed'
  for (const rate of rates) {
    const srv = await startServer(serverName, ctx.freshStore(serverName), ctx)
    let m
    try { m = await fanout(ctx, srv, { rooms: 1, clients, rate, seconds, drainMs: 2000 }) } finally { await stopServer(srv) }
    steps.push(m)
    const ok = !m.error && m.latency_p99_ms <= 250 && m.loss === 0
    if (ok) best = m
    if (!ok) { stoppedBy = m.error || (m.loss > 0 ? `loss at ${rate}/s per client` : `p99 ${m.latency_p99_ms} ms at ${rate}/s per client`); break }
    if (m.generator_limited) { stoppedBy = `generator limited at ${rate}/s per client`; break }
  }
  return {
    max_sustained_deliveries_per_s: best ? best.deliveries_per_s : 0,
    at_rate_per_client: best ? best.rate_per_client : null,
    p99_at_best_ms: best ? best.latency_p99_ms : null,
    stopped_by: stoppedBy,
    generator_limited: steps.some((s) => s.generator_limited),
    steps: steps.map((s) => ({ rate_per_client: s.rate_per_client, offered_deliveries_per_s: s.offered_deliveries_per_s, deliveries_per_s: s.deliveries_per_s, latency_p50_ms: s.latency_p50_ms, latency_p99_ms: s.latency_p99_ms, loss: s.loss, server_cpu_pct: s.server_cpu_pct, gen_cpu_pct: s.gen_cpu_pct, error: s.error }))
  }
}

// ---- writing many updates through the protocol ---------------------------------------------------------
/**
 * Writes `count` keystroke updates into `room` from `writers` connections (own client ids), each keeping up to
 * `window` updates unacknowledged (ack = the server relaying the update back to its sender). Returns timings.
 */
export async function writeMany (srv, room, { count, writers = 8, window = 32, clientBase = 5000, timeoutMs = 300000, latencies = null, gate = null, onSynced = null }) {
  const per = Math.ceil(count / writers)
  const ws = []
  let acked = 0
  let deadline = now() + timeoutMs + 60000
  const go = gate || Promise.resolve()
  go.then(() => { deadline = now() + timeoutMs })
  await new Promise((resolve) => {
    let finished = 0
    for (let w = 0; w < writers; w++) {
      const n = Math.min(per, count - w * per)
      if (n <= 0) { finished++; continue }
      const ups = keystrokes(clientBase + w, n)
      const st = { next: 0, acked: 0, sentAt: new Float64Array(n) }
      const pump = () => {
        while (st.next < n && st.next - st.acked < window) {
          st.sentAt[st.next] = now()
          c.send(updateMessage(ups[st.next]))
          st.next++
        }
      }
      const c = new Client({
        base: srv.base,
        room,
        proto: srv.proto,
        onUpdate: (key, t) => {
          const clock = key - (clientBase + w) * 1e7
          if (clock < 0 || clock >= n) return
          if (clock >= st.acked) {
            if (latencies) for (let k = st.acked; k <= clock; k++) latencies.push(t - st.sentAt[k])
            acked += clock + 1 - st.acked
            st.acked = clock + 1
          }
          if (st.acked >= n) { finished++; if (finished >= writers) resolve() } else pump()
        }
      })
      ws.push(c)
      c.syncedPromise.then(() => { onSynced && onSynced(); return go }).then(pump)
    }
    if (finished >= writers) resolve()
    const check = setInterval(() => { if (now() > deadline) { clearInterval(check); resolve() } }, 200)
    check.unref()
  })
  for (const c of ws) c.close()
  await sleep(100)
  return { acked }
}

// ---- W2: cold load ------------------------------------------------------------------------------------------
// The stores written by coldLoad, per run, pinning mode, server and size, kept on disk: later repetitions (run by
// later generator processes when the modes alternate) load a copy instead of writing the same updates again
// (writing 100,000 updates through the protocol takes up to a minute per server).
/** N updates written through the protocol, server stopped and restarted, time from connect to synced. */
export async function coldLoad (ctx, serverName, { updates, reps }) {
  const store = ctx.freshStore(serverName)
  const pristine = path.join(ctx.outDir, 'stores', `${ctx.runId}-w2-${ctx.pin ? 'pinned' : 'unpinned'}-${serverName}-${updates}-pristine`)
  const metaFile = pristine + '.json'
  let written = fs.existsSync(metaFile) ? JSON.parse(fs.readFileSync(metaFile, 'utf8')) : null
  const reused = written !== null
  let srv
  if (!written) {
    const room = roomName(ctx, 'w2')
    srv = await startServer(serverName, store, ctx)
    const tw = now()
    const { acked } = await writeMany(srv, room, { count: updates })
    const writeS = (now() - tw) / 1000
    await waitIdle(srv)
    await stopServer(srv)
    // Loading can change the store (y-leveldb merges and rewrites a document of more than 500 updates when it
    // loads it), so every load starts from a copy of the store exactly as the writes left it.
    fs.rmSync(pristine, { recursive: true, force: true })
    fs.cpSync(store, pristine, { recursive: true })
    written = { room, acked, writeS }
    fs.writeFileSync(metaFile, JSON.stringify(written))
  }
  const { room, acked, writeS } = written
  const times = []
  let verified = true
  let peak = 0
  let error
  // One cold measurement per repetition, plus one after warming the server up on an empty room (so the
  // first-request cost — JIT, opening the store — is visible separately from the per-update cost).
  const warmed = []
  const syncOnce = async (srv) => {
    // fully synced = the client's document holds all N updates (the reference answers the first step 1 from an
    // empty document while LevelDB still loads, then sends the stored content as an update)
    const doc = new Y.Doc()
    const text = doc.getText('t')
    let tFull = null
    let resolveFull
    const full = new Promise((resolve) => { resolveFull = resolve })
    const c = new Client({
      base: srv.base, room, proto: srv.proto, doc,
      onApplied: (t) => { if (tFull === null && text.length >= updates) { tFull = t; resolveFull() } }
    })
    const ok = await within(full, 120000)
    c.terminate()
    if (!ok) { error = `client not fully synced within 120 s (text length ${text.length} of ${updates})`; verified = false; return null }
    if (text.length !== updates) verified = false
    return tFull - c.tStart
  }
  for (let r = 0; r < reps + 1 && !error; r++) {
    fs.rmSync(store, { recursive: true, force: true })
    fs.cpSync(pristine, store, { recursive: true })
    srv = await startServer(serverName, store, ctx)
    try {
      if (r === reps) {
        const warm = new Client({ base: srv.base, room: roomName(ctx, 'w2warm'), proto: srv.proto })
        await within(warm.syncedPromise, 30000)
        warm.terminate()
      }
      const t = await syncOnce(srv)
      if (t != null) (r === reps ? warmed : times).push(t)
      peak = Math.max(peak, groupMemKb(srv.pid).hwm)
    } finally { await stopServer(srv) }
  }
  const q = quantiles(times)
  return {
    updates, written_acked: acked, write_s: round(writeS, 2), write_updates_per_s: round(acked / writeS, 0), write_reused: reused,
    cold_sync_ms: q.p50, cold_sync_max_ms: q.max, reps: times.length, verified_text_length: verified,
    cold_sync_after_warmup_ms: warmed.length ? round(warmed[0], 2) : null,
    server_peak_rss_kb: peak, error
  }
}

// ---- W6: startup ---------------------------------------------------------------------------------------------
export async function startup (ctx, serverName, { rooms, reps }) {
  const store = ctx.freshStore(serverName)
  let populated = {}
  if (rooms > 0) {
    const srv = await startServer(serverName, store, ctx)
    const up = keystrokes(9000, 1)[0]
    const names = Array.from({ length: rooms }, (_, i) => `w6-${ctx.runId}-${i}`)
    // one small durable update per room; wait for the echo of each
    const clients = await openMany((i) => {
      const c = new Client({ base: srv.base, room: names[i], proto: srv.proto })
      c.acked = new Promise((resolve) => { c.onUpdate = () => resolve() })
      c.syncedPromise.then(() => c.send(updateMessage(up)))
      return c
    }, rooms, { parallel: 100 })
    let ackedRooms = 0
    for (const c of clients) c.acked.then(() => ackedRooms++)
    await within(Promise.all(clients.map((c) => c.acked)), 60000)
    populated = { rooms_acked: ackedRooms, rooms_connected: clients.filter((c) => c.synced).length }
    if (ackedRooms < rooms) populated.error = `only ${ackedRooms} of ${rooms} rooms acknowledged their update while the store was filled (see the server log)`
    for (const c of clients) c.close()
    await sleep(200)
    await waitIdle(srv)
    await stopServer(srv)
  }
  const times = []
  for (let r = 0; r < reps; r++) {
    const srv = await startServer(serverName, store, ctx)
    times.push(srv.startupMs)
    await stopServer(srv)
  }
  return { rooms_in_store: rooms, ...populated, startup_ms: round(times.slice().sort((a, b) => a - b)[times.length >> 1], 1), startup_all_ms: times.map((t) => round(t, 1)) }
}

// ---- W4: big document ------------------------------------------------------------------------------------
let bigDoc = null
function bigDocument (mb) {
  if (bigDoc && bigDoc.mb === mb) return bigDoc
  const doc = new Y.Doc()
  doc.clientID = 777
  const text = doc.getText('t')
  const line = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. 0123456789\n'
  const lines = Math.ceil((mb * 1024 * 1024) / line.length)
  // paragraphs typed in transactions of 100 lines, appended, so the document has many items (not one blob)
  for (let i = 0; i < lines; i += 100) {
    doc.transact(() => { for (let k = i; k < Math.min(lines, i + 100); k++) text.insert(text.length, line) })
  }
  bigDoc = { mb, update: Y.encodeStateAsUpdate(doc), length: text.length }
  return bigDoc
}

export async function bigJoin (ctx, srv, { mb, joiners }) {
  const big = bigDocument(mb)
  const room = roomName(ctx, 'w4')
  const loader = new Client({ base: srv.base, room, proto: srv.proto })
  await within(loader.syncedPromise, 30000)
  const acked = new Promise((resolve) => { loader.onUpdate = () => resolve() })
  const tl = now()
  loader.send(updateMessage(big.update))
  const ok = await within(acked, 120000)
  const loadMs = now() - tl
  if (!ok) { loader.terminate(); return { error: 'the big update was not relayed back within 120 s' } }
  await waitIdle(srv, 20000)
  const srvMeter = serverCpuMeter(srv.pid)
  const cs = []
  for (let i = 0; i < joiners; i++) cs.push(new Client({ base: srv.base, room, proto: srv.proto, keepStep2: i === 0 }))
  const all = await within(Promise.all(cs.map((c) => c.syncedPromise)), 120000)
  const times = cs.filter((c) => c.synced).map((c) => c.tSynced - c.tStart)
  const stats = serverStats(srv, srvMeter)
  let verified = false
  if (cs[0].step2) {
    const d = new Y.Doc()
    Y.applyUpdate(d, cs[0].step2)
    verified = d.getText('t').length === big.length
  }
  for (const c of cs) c.terminate()
  loader.terminate()
  const q = quantiles(times)
  return {
    doc_bytes: big.update.length, joiners, synced: times.length, all_synced: all,
    join_median_ms: q.p50, join_max_ms: q.max, load_ms: round(loadMs, 1), verified_text_length: verified, ...stats
  }
}

// ---- W3: idle connections -----------------------------------------------------------------------------------
export async function idle (ctx, srv, { rooms, connections }) {
  const perRoom = Math.ceil(connections / rooms)
  const names = Array.from({ length: rooms }, () => roomName(ctx, 'w3'))
  await sleep(500)
  const base = groupMemKb(srv.pid).rss
  const make = (offset) => (i) => {
    const idx = offset + i
    const c = new Client({ base: srv.base, room: names[idx % rooms], proto: srv.proto })
    c.syncedPromise.then(() => c.send(awarenessMessage(20000 + idx, 1, { user: { name: `user ${idx}`, color: '#30bced' }, cursor: null })))
    return c
  }
  const gen = cpuMeter()
  const t0 = now()
  const first = await openMany(make(0), rooms, { parallel: 100 })
  await sleep(1500)
  const rssRooms = groupMemKb(srv.pid).rss
  const t1 = now()
  const rest = await openMany(make(rooms), connections - rooms, { parallel: 100, timeoutMs: 120000 })
  const connectS = (now() - t1) / 1000
  await sleep(2000)
  const all = first.concat(rest)
  const synced = all.filter((c) => c.synced && !c.closed).length
  const mem = groupMemKb(srv.pid)
  const perConn = (mem.rss - rssRooms) / Math.max(1, connections - rooms)
  const perRoom1 = (rssRooms - base) / rooms - perConn
  const result = {
    rooms, connections, per_room: perRoom, open_synced: synced,
    rss_base_kb: base, rss_rooms_kb: rssRooms, rss_all_kb: mem.rss, server_peak_rss_kb: mem.hwm,
    rss_per_connection_kb: round(perConn, 2), rss_per_room_kb: round(perRoom1, 2),
    connect_per_s: round((connections - rooms) / connectS, 0),
    ...genStats(gen)
  }
  for (const c of all) c.terminate()
  return result
}

// ---- W5: durable write rate ---------------------------------------------------------------------------------
/** `rooms` rooms × `writers` writers each, closed loop with `window` unacknowledged updates per writer. */
export async function durableWrites (ctx, srv, { rooms, writers, window, seconds }) {
  const latencies = []
  let gen, srvMeter, t0
  let syncedWriters = 0
  let open
  const gate = new Promise((resolve) => { open = resolve })
  const onSynced = () => { if (++syncedWriters === rooms * writers) open() }
  setTimeout(open, 60000).unref()
  gate.then(() => { gen = cpuMeter(); srvMeter = serverCpuMeter(srv.pid); t0 = now() })
  // enough updates that the run is time-bounded, not count-bounded; stop at the deadline
  const est = Math.max(2000, Math.ceil(((ctx.quick ? 20000 : 60000) * seconds) / (rooms * writers)))
  const results = await Promise.all(Array.from({ length: rooms }, (_, r) =>
    writeMany(srv, roomName(ctx, 'w5'), { count: est * writers, writers, window, clientBase: 6000, timeoutMs: seconds * 1000, latencies, gate, onSynced })))
  const wall = (now() - t0) / 1000
  const acked = results.reduce((a, r) => a + r.acked, 0)
  const q = quantiles(latencies)
  return {
    rooms, writers_per_room: writers, window, seconds, writers_synced: syncedWriters,
    updates: acked, updates_per_s: round(acked / wall, 0),
    commit_p50_ms: q.p50, commit_p99_ms: q.p99, commit_max_ms: q.max,
    durable_before_relay: ctx.durable,
    ...serverStats(srv, srvMeter), ...genStats(gen)
  }
}
