// Turns results.jsonl into a markdown table of medians (with the ratio yserver/peer) and an SVG chart of W1
// latency vs offered load. Usage: node report.mjs <results.jsonl> <report.md> <chart.svg> [runId]
import fs from 'node:fs'
import { median, round } from './lib.mjs'

const [file, mdFile, svgFile, wantRun] = process.argv.slice(2)
const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
const runId = wantRun || lines[lines.length - 1].run_id
const rows = lines.filter((l) => l.run_id === runId)
const servers = [...new Set(rows.map((r) => r.server))]
const peers = servers.filter((s) => s !== 'yserver')

// Primary metrics per workload: [metric, label, better ('lower' | 'higher')]
const METRICS = {
  W1: [['deliveries_per_s', 'deliveries/s', 'higher'], ['latency_p50_ms', 'p50 ms', 'lower'], ['latency_p99_ms', 'p99 ms', 'lower'], ['latency_max_ms', 'max ms', 'lower'], ['loss', 'loss', 'lower'], ['duplicates', 'dup', 'lower'], ['server_cpu_pct', 'server CPU %', 'lower'], ['server_peak_rss_kb', 'peak RSS kB', 'lower'], ['gen_cpu_pct', 'generator CPU %', null]],
  W1sat: [['max_sustained_deliveries_per_s', 'max sustained deliveries/s', 'higher'], ['p99_at_best_ms', 'p99 at that rate ms', 'lower']],
  W2: [['cold_sync_ms', 'connect→fully synced ms', 'lower'], ['cold_sync_after_warmup_ms', 'same, server warmed on an empty room first', 'lower'], ['write_updates_per_s', 'write updates/s (through protocol)', 'higher'], ['server_peak_rss_kb', 'peak RSS kB', 'lower']],
  W3: [['rss_per_connection_kb', 'RSS/connection kB', 'lower'], ['rss_per_room_kb', 'RSS/room kB', 'lower'], ['connect_per_s', 'connects/s', 'higher'], ['server_peak_rss_kb', 'peak RSS kB', 'lower']],
  W4: [['join_median_ms', 'join median ms', 'lower'], ['join_max_ms', 'join max ms', 'lower'], ['server_peak_rss_kb', 'peak RSS kB', 'lower']],
  W5: [['updates_per_s', 'updates/s', 'higher'], ['commit_p50_ms', 'ack p50 ms', 'lower'], ['commit_p99_ms', 'ack p99 ms', 'lower'], ['server_cpu_pct', 'server CPU %', 'lower']],
  W6: [['startup_ms', 'start→first connection ms', 'lower']]
}
const ORDER = ['W1', 'W1sat', 'W2', 'W3', 'W4', 'W5', 'W6']

const groups = new Map()
for (const r of rows) {
  const k = `${r.pinned ? 'pinned' : 'unpinned'}|${r.workload}|${r.variant}`
  if (!groups.has(k)) groups.set(k, { pinned: r.pinned, workload: r.workload, variant: r.variant, by: {} })
  const g = groups.get(k)
  ;(g.by[r.server] ||= []).push(r)
}

const fmt = (v) => (v == null ? '–' : typeof v === 'number' ? (Math.abs(v) >= 100 ? Math.round(v).toString() : round(v, 2).toString()) : String(v))
const ratio = (y, p) => (y == null || p == null || p === 0 ? '–' : `${round(y / p, 2)}×`)

const first = rows[0]
const last = rows[rows.length - 1]
let md = `# Server benchmarks, run ${runId}\n\n`
md += `- host: ${first.host.nproc} cores (${first.host.cpu_model}), ${first.host.mem_total_mb} MB, kernel ${first.host.kernel}, node ${first.host.node}\n`
md += `- mode: ${first.quick ? 'QUICK (1 repetition, shorter/smaller workloads)' : 'full'}; load average at start ${first.host.loadavg_start.join(' ')}, at end ${last.host.loadavg_end.join(' ')}\n`
md += `- cells are medians over repetitions; ratio = yserver / peer (for "higher is better" metrics > 1 favours yserver, for "lower" < 1 does)\n`
md += `- yserver relays an update only after it is durable (fsync); the reference (LevelDB) and Hocuspocus (debounced file store) relay first and persist later\n`
md += `- ⚠ = the generator used > 85 % of a core during the measurement, so it may have been the limit\n`
md += `- ❗ = a repetition reported an error (listed below the tables)\n`

for (const pinned of [false, true]) {
  const gs = [...groups.values()].filter((g) => g.pinned === pinned).sort((a, b) => ORDER.indexOf(a.workload) - ORDER.indexOf(b.workload))
  if (gs.length === 0) continue
  md += `\n## ${pinned ? 'Pinned (servers on one CPU, generator on the other)' : 'Unpinned'}\n`
  for (const wl of ORDER) {
    const wgs = gs.filter((g) => g.workload === wl)
    if (wgs.length === 0) continue
    const metrics = METRICS[wl]
    md += `\n### ${wl}\n\n| variant | metric | ${servers.join(' | ')} | ${peers.map((p) => `yserver/${p}`).join(' | ')} |\n`
    md += `| --- | --- | ${servers.map(() => '---:').join(' | ')} | ${peers.map(() => '---:').join(' | ')} |\n`
    for (const g of wgs) {
      for (const [m, label] of metrics) {
        const med = {}
        for (const s of servers) {
          const rs = g.by[s] || []
          med[s] = median(rs.map((r) => r.metrics[m]))
          const err = rs.find((r) => r.metrics.error)
          if (err && med[s] == null) med[s] = `error: ${err.metrics.error}`
        }
        const flag = (s) => ((g.by[s] || []).some((r) => r.metrics.generator_limited) ? ' ⚠' : '') +
          ((g.by[s] || []).some((r) => r.metrics.error) && typeof med[s] === 'number' ? ' ❗' : '')
        md += `| ${g.variant} | ${label} | ${servers.map((s) => fmt(med[s]) + flag(s)).join(' | ')} | ${peers.map((p) => typeof med.yserver === 'number' && typeof med[p] === 'number' ? ratio(med.yserver, med[p]) : '–').join(' | ')} |\n`
      }
    }
  }
}

// ---- targets from issue 7, per pinning mode ------------------------------------------------------------------
const med = (pinned, wl, variant, server, metric) => {
  const rs = rows.filter((r) => r.pinned === pinned && r.workload === wl && (variant == null || r.variant === variant) && r.server === server)
  return median(rs.map((r) => r.metrics[metric]))
}
const satP99At = (pinned, server, rate) => median(rows.filter((r) => r.pinned === pinned && r.workload === 'W1sat' && r.server === server && r.metrics.steps)
  .map((r) => (r.metrics.steps.find((s) => s.rate_per_client === rate) || {}).latency_p99_ms))
for (const pinned of [false, true]) {
  if (!rows.some((r) => r.pinned === pinned)) continue
  const t = []
  const has = (wl) => rows.some((r) => r.pinned === pinned && r.workload === wl)
  const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'holds' : 'not yet')
  if (has('W1sat')) {
    const y = med(pinned, 'W1sat', null, 'yserver', 'max_sustained_deliveries_per_s')
    const r = med(pinned, 'W1sat', null, 'reference', 'max_sustained_deliveries_per_s')
    const refRate = median(rows.filter((x) => x.pinned === pinned && x.workload === 'W1sat' && x.server === 'reference').map((x) => x.metrics.at_rate_per_client))
    const p99 = refRate == null ? null : satP99At(pinned, 'yserver', refRate)
    t.push(['W1sat max sustained ≥ 5× reference', `${fmt(y)} vs ${fmt(r)} deliveries/s = ${r ? round(y / r, 2) + '×' : 'n/a'}`, verdict(r ? y / r >= 5 : null)])
    t.push(["W1sat p99 ≤ 20 ms at the reference's highest sustained rate", refRate == null ? 'reference sustained no step' : `${fmt(p99)} ms at ${refRate}/s per client`, verdict(p99 == null ? null : p99 <= 20)])
  }
  const w2v = rows.find((x) => x.workload === 'W2' && x.variant === '10000') ? '10000' : null
  if (has('W2') && w2v) {
    const y = med(pinned, 'W2', w2v, 'yserver', 'cold_sync_ms'); const r = med(pinned, 'W2', w2v, 'reference', 'cold_sync_ms'); const h = med(pinned, 'W2', w2v, 'hocuspocus', 'cold_sync_ms')
    t.push(['W2 cold load of 10k ≥ 25× faster than reference (and faster than Hocuspocus)', `yserver ${fmt(y)} ms, reference ${fmt(r)} ms (${y && r ? round(r / y, 2) + '× faster' : 'n/a'}), Hocuspocus ${fmt(h)} ms`, verdict(y && r ? r / y >= 25 && (h == null || y < h) : null)])
  }
  if (has('W3')) { const y = med(pinned, 'W3', null, 'yserver', 'rss_per_connection_kb'); t.push(['W3 ≤ 6 KB RSS per idle connection', `${fmt(y)} KB`, verdict(y == null ? null : y <= 6)]) }
  if (has('W4')) { const y = med(pinned, 'W4', null, 'yserver', 'join_median_ms'); t.push(['W4 median join ≤ 100 ms', `${fmt(y)} ms`, verdict(y == null ? null : y <= 100)]) }
  if (has('W5')) { const y = med(pinned, 'W5', '1room', 'yserver', 'updates_per_s'); t.push(['W5 ≥ 50k durable updates/s in one room', `${fmt(y)} updates/s`, verdict(y == null ? null : y >= 50000)]) }
  if (has('W6')) { const y = med(pinned, 'W6', 'empty', 'yserver', 'startup_ms'); t.push(['W6 ≤ 150 ms to first connection, empty store', `${fmt(y)} ms`, verdict(y == null ? null : y <= 150)]) }
  if (t.length) {
    md += `\n## Targets (${pinned ? 'pinned' : 'unpinned'})\n\n| target | measured | verdict |\n| --- | --- | --- |\n`
    for (const [a, b, c] of t) md += `| ${a} | ${b} | ${c} |\n`
  }
}

const errs = rows.filter((r) => r.metrics.error)
if (errs.length) {
  md += '\n## Errors\n\n'
  for (const r of errs) md += `- ${r.workload} ${r.variant} rep ${r.rep} ${r.server}${r.pinned ? ' (pinned)' : ''}: ${r.metrics.error}\n`
}

// W1sat steps, for reading the chart
const satRows = rows.filter((r) => r.workload === 'W1sat' && r.metrics.steps)
if (satRows.length) {
  md += '\n### W1sat steps (1 room × 50 clients)\n\n| pinned | server | rate/client | offered deliveries/s | delivered/s | p50 ms | p99 ms | loss | server CPU % | generator CPU % |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
  for (const r of satRows) {
    for (const s of r.metrics.steps) md += `| ${r.pinned} | ${r.server} | ${s.rate_per_client} | ${fmt(s.offered_deliveries_per_s)} | ${fmt(s.deliveries_per_s)} | ${fmt(s.latency_p50_ms)} | ${fmt(s.latency_p99_ms)} | ${fmt(s.loss)} | ${fmt(s.server_cpu_pct)} | ${fmt(s.gen_cpu_pct)} |\n`
    md += `| ${r.pinned} | ${r.server} | stopped: ${r.metrics.stopped_by} | | | | | | | |\n`
  }
}
md += `\n![W1 latency vs offered load](${svgFile.split('/').pop()})\n`
fs.writeFileSync(mdFile, md)

// ---- SVG: p50 and p99 latency (log scale) vs offered deliveries/s (log scale), one colour per server -----------
const colors = { yserver: '#1f77b4', reference: '#d62728', hocuspocus: '#2ca02c' }
const pts = {}
const chartPinned = !rows.some((x) => x.pinned === false) // the unpinned results when there are any
for (const r of rows) {
  if (r.pinned !== chartPinned) continue
  const add = (offered, p50, p99, sat) => { if (offered && p99 != null) (pts[r.server] ||= []).push({ offered, p50, p99, sat }) }
  if (r.workload === 'W1' && !r.metrics.error) add(r.metrics.offered_deliveries_per_s, r.metrics.latency_p50_ms, r.metrics.latency_p99_ms, false)
  if (r.workload === 'W1sat' && r.metrics.steps) for (const s of r.metrics.steps) add(s.offered_deliveries_per_s, s.latency_p50_ms, s.latency_p99_ms, true)
}
const W = 760; const H = 440; const L = 70; const R = 160; const T = 40; const B = 50
const all = Object.values(pts).flat()
const xs = all.map((p) => p.offered); const ys = all.flatMap((p) => [p.p50, p.p99]).filter((v) => v > 0)
const x0 = Math.log10(Math.max(1, Math.min(...xs, 1000)) / 1.5); const x1 = Math.log10(Math.max(...xs, 10000) * 1.5)
const y0 = Math.log10(Math.max(0.05, Math.min(...ys, 1) / 1.5)); const y1 = Math.log10(Math.max(...ys, 100) * 1.5)
const X = (v) => L + ((Math.log10(v) - x0) / (x1 - x0)) * (W - L - R)
const Y = (v) => T + (1 - (Math.log10(Math.max(v, 0.05)) - y0) / (y1 - y0)) * (H - T - B)
let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="white"/>\n`
svg += `<text x="${L}" y="20" font-size="14">W1 delivery latency vs offered load (run ${runId}, ${chartPinned ? 'pinned' : 'unpinned'}, ${first.host.nproc} cores, load ${first.host.loadavg_start[0]})</text>\n`
for (let e = Math.ceil(x0); e <= Math.floor(x1); e++) { const x = X(10 ** e); svg += `<line x1="${x}" y1="${T}" x2="${x}" y2="${H - B}" stroke="#ddd"/><text x="${x}" y="${H - B + 16}" text-anchor="middle">${(10 ** e).toLocaleString('en')}</text>\n` }
for (let e = Math.ceil(y0); e <= Math.floor(y1); e++) { const y = Y(10 ** e); svg += `<line x1="${L}" y1="${y}" x2="${W - R}" y2="${y}" stroke="#ddd"/><text x="${L - 6}" y="${y + 4}" text-anchor="end">${10 ** e}</text>\n` }
svg += `<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="#333"/>\n`
svg += `<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">offered deliveries/s (log)</text><text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">latency ms (log); solid p99, dashed p50</text>\n`
let ly = T + 10
for (const [s, ps] of Object.entries(pts)) {
  const c = colors[s] || '#555'
  const sat = ps.filter((p) => p.sat).sort((a, b) => a.offered - b.offered)
  for (const [k, dash] of [['p99', ''], ['p50', ' stroke-dasharray="4 3"']]) {
    if (sat.length > 1) svg += `<polyline fill="none" stroke="${c}" stroke-width="2"${dash} points="${sat.map((p) => `${X(p.offered).toFixed(1)},${Y(p[k]).toFixed(1)}`).join(' ')}"/>\n`
    for (const p of ps) svg += `<circle cx="${X(p.offered).toFixed(1)}" cy="${Y(p[k]).toFixed(1)}" r="${k === 'p99' ? 4 : 2.5}" fill="${p.sat ? c : 'white'}" stroke="${c}" stroke-width="1.5"><title>${s} ${k} ${p[k]} ms at ${p.offered}/s${p.sat ? ' (W1sat step)' : ' (W1 config)'}</title></circle>\n`
  }
  svg += `<line x1="${W - R + 12}" y1="${ly}" x2="${W - R + 36}" y2="${ly}" stroke="${c}" stroke-width="2"/><text x="${W - R + 42}" y="${ly + 4}">${s}</text>\n`
  ly += 20
}
svg += `<text x="${W - R + 12}" y="${ly + 10}" font-size="10">filled: W1sat steps</text><text x="${W - R + 12}" y="${ly + 24}" font-size="10">hollow: W1 configurations</text>\n</svg>\n`
fs.writeFileSync(svgFile, svg)
console.log(`wrote ${mdFile} and ${svgFile} for run ${runId} (${rows.length} results)`)
