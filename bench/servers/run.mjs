// Runs every workload against every server in one run and writes one JSON line per workload, variant,
// repetition and server. Driven by bench/run-servers.sh; options come from the environment:
//   QUICK=1            short runs, 1 repetition, smaller W2/W3 sizes
//   REPS=n             repetitions (default 3, QUICK 1); REP_BASE=k numbers them from k
//   PIN=1              servers pinned with taskset to SERVER_CPUS (default 1); the script pins this generator
//   SERVERS=a,b        subset of yserver,reference,hocuspocus
//   WORKLOADS=W1,W2    subset of W1,W2,W6,W4,W1sat,W3,W5
//   OUT=dir            output directory (results.jsonl is appended to)
//   YSERVER_BIN=path   the published yserver executable
//   W1_SECONDS=n       override the W1 sending time
//   VARIANTS=a,b       run only these variants (e.g. 1000x2@1)
import fs from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import { startServer, stopServer, killAll, SERVERS } from './servers.mjs'
import * as W from './workloads.mjs'
import { loadavg, groupMemKb } from './lib.mjs'

const env = process.env
const quick = env.QUICK === '1'
const reps = Number(env.REPS || (quick ? 1 : 3))
const repBase = Number(env.REP_BASE || 0) // run-servers.sh runs one repetition per process when it alternates pinning modes
const pin = env.PIN === '1'
const outDir = path.resolve(env.OUT || 'out')
const servers = (env.SERVERS || 'yserver,reference,hocuspocus').split(',').filter(Boolean)
const workloads = (env.WORKLOADS || 'W1,W2,W6,W4,W1sat,W3,W5').split(',').filter(Boolean)
const runId = env.RUN_ID || new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)
fs.mkdirSync(path.join(outDir, 'logs'), { recursive: true })
fs.mkdirSync(path.join(outDir, 'stores'), { recursive: true })
const resultsFile = path.join(outDir, 'results.jsonl')

let storeSeq = 0
const ctx = {
  quick,
  pin,
  serverCpus: env.SERVER_CPUS || '1',
  outDir,
  runId,
  yserverBin: env.YSERVER_BIN || path.resolve(outDir, 'yserver/yserver'),
  freshStore: (name) => {
    const dir = path.join(outDir, 'stores', `${runId}-${name}-${storeSeq++}`)
    fs.rmSync(dir, { recursive: true, force: true })
    return dir
  }
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { killAll(); process.exit(130) })
process.on('exit', () => killAll())
process.on('uncaughtException', (e) => { console.error(e); killAll(); process.exit(1) })

const host = {
  nproc: os.cpus().length,
  generator_cpus_allowed: os.availableParallelism ? os.availableParallelism() : null,
  server_cpus: pin ? (env.SERVER_CPUS || '1') : 'all',
  cpu_model: os.cpus()[0]?.model,
  mem_total_mb: Math.round(os.totalmem() / 1048576),
  node: process.version,
  kernel: os.release()
}

// Sizes: full mode per the issue; QUICK keeps the same shapes but shorter or smaller. The full run's phases are
// short (W1 6 s, W1sat steps 3 s, W5 4 s) so that 3 repetitions × 3 servers × unpinned and pinned fit in about
// 40 minutes on a 2-core machine; even the shortest phase holds tens of thousands of deliveries, enough for a p99.
const S = quick
  ? { w1Seconds: 3, satSeconds: 2, satRates: [5, 10, 20, 40, 80], w2: [10000], w3: { rooms: 100, connections: 1000 }, w4mb: 5, w5Seconds: 2, w6Rooms: 1000 }
  : { w1Seconds: 6, satSeconds: 3, satRates: [5, 10, 20, 40, 80, 160, 320], w2: [1000, 10000, 100000], w3: { rooms: 1000, connections: 10000 }, w4mb: 5, w5Seconds: 4, w6Rooms: 1000 }

/** Runs fn with a fresh server; returns its metrics plus the server's peak RSS. */
async function withServer (name, fn) {
  const srv = await startServer(name, ctx.freshStore(name), ctx)
  try {
    const m = await fn(srv)
    const mem = groupMemKb(srv.pid)
    return { server_peak_rss_kb: mem.hwm, ...m }
  } finally {
    await stopServer(srv)
  }
}

if (env.W1_SECONDS) S.w1Seconds = Number(env.W1_SECONDS)

const plan = []
const variants = (env.VARIANTS || '').split(',').filter(Boolean)
const add = (workload, variant, fn) => { if (workloads.includes(workload) && (variants.length === 0 || variants.includes(variant))) plan.push({ workload, variant, fn }) }
add('W1', '1x50@10', (n) => withServer(n, (s) => W.fanout(ctx, s, { rooms: 1, clients: 50, rate: 10, seconds: S.w1Seconds })))
add('W1', '100x5@2', (n) => withServer(n, (s) => W.fanout(ctx, s, { rooms: 100, clients: 5, rate: 2, seconds: S.w1Seconds })))
add('W1', '1000x2@1', (n) => withServer(n, (s) => W.fanout(ctx, s, { rooms: 1000, clients: 2, rate: 1, seconds: S.w1Seconds })))
for (const u of S.w2) add('W2', `${u}`, (n) => W.coldLoad(ctx, n, { updates: u, reps: 1 }))
add('W6', 'empty', (n) => W.startup(ctx, n, { rooms: 0, reps: 1 }))
add('W6', `${S.w6Rooms}rooms`, (n) => W.startup(ctx, n, { rooms: S.w6Rooms, reps: 1 }))
add('W4', `${S.w4mb}MBx10`, (n) => withServer(n, (s) => W.bigJoin(ctx, s, { mb: S.w4mb, joiners: 10 })))
add('W1sat', '1x50', (n) => W.saturation(ctx, n, { clients: 50, rates: S.satRates, seconds: S.satSeconds }))
add('W3', `${S.w3.connections}/${S.w3.rooms}`, (n) => withServer(n, (s) => W.idle(ctx, s, S.w3)))
add('W5', '1room', (n) => withServer(n, (s) => W.durableWrites(ctx, s, { rooms: 1, writers: 16, window: 16, seconds: S.w5Seconds })))
add('W5', '100rooms', (n) => withServer(n, (s) => W.durableWrites(ctx, s, { rooms: 100, writers: 2, window: 8, seconds: S.w5Seconds })))
add('W5', '1000rooms', (n) => withServer(n, (s) => W.durableWrites(ctx, s, { rooms: 1000, writers: 1, window: 4, seconds: S.w5Seconds })))

console.log(`run ${runId}: ${quick ? 'QUICK' : 'full'}, ${reps} rep(s), ${pin ? `servers pinned to CPU ${ctx.serverCpus}` : 'unpinned'}, host ${host.nproc} cores, load ${loadavg().join(' ')}`)
const t0 = Date.now()
for (const step of plan) {
  for (let rep = repBase; rep < repBase + reps; rep++) {
    // servers interleaved within a repetition so background load hits all of them alike
    for (const name of servers) {
      ctx.durable = SERVERS[name].durableBeforeRelay
      const la0 = loadavg()
      const ts = Date.now()
      let metrics
      try {
        metrics = await step.fn(name)
      } catch (e) {
        metrics = { error: String(e && e.message || e) }
      }
      const line = {
        run_id: runId, time: new Date(ts).toISOString(), quick, pinned: pin, server: name,
        workload: step.workload, variant: step.variant, rep,
        durable_before_relay: SERVERS[name].durableBeforeRelay,
        host: { ...host, loadavg_start: la0, loadavg_end: loadavg() },
        duration_s: (Date.now() - ts) / 1000,
        metrics
      }
      fs.appendFileSync(resultsFile, JSON.stringify(line) + '\n')
      const brief = Object.entries(metrics).filter(([k, v]) => typeof v !== 'object' || v === null).slice(0, 12).map(([k, v]) => `${k}=${v}`).join(' ')
      console.log(`${step.workload} ${step.variant} rep${rep} ${name}: ${brief}`)
    }
  }
}
console.log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s; results appended to ${resultsFile}`)
process.exit(0)
