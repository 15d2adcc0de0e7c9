// Pairs the yjs timings (JSON lines from time-yjs-crdt.mjs) with BenchmarkDotNet's JSON report of CrdtBenchmarks
// and the held-memory lines, and prints a markdown table of medians and ratios (yserver / yjs: below 1 favours
// yserver). Usage: node report-crdt.mjs YJS_JSONL BDN_REPORT_JSON YSERVER_MEMORY_JSONL
import { readFileSync } from 'node:fs'

const [yjsFile, bdnFile, memFile] = process.argv.slice(2)
const lines = file => readFileSync(file, 'utf8').trim().split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l))
const yjs = new Map(lines(yjsFile).map(r => [r.op, r]))
const bdn = JSON.parse(readFileSync(bdnFile, 'utf8'))
const b4Updates = 259778
const fmt = n => (n === undefined || Number.isNaN(n)) ? 'n/a' : n < 10 ? n.toFixed(3) : n < 1000 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US')
const kib = b => b === undefined ? 'n/a' : b < 1024 * 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${(b / 1024 / 1024).toFixed(1)} MiB`

console.log('| operation | yserver median (ms) | yjs median (ms) | yserver / yjs | yserver allocated |')
console.log('| --- | ---: | ---: | ---: | ---: |')
for (const b of bdn.Benchmarks) {
  const op = b.Method
  const csMs = b.Statistics.Median / 1e6
  const alloc = b.Memory?.BytesAllocatedPerOperation
  const jsMs = yjs.get(op)?.medianMs
  const perUpdate = op === 'RemoteApplyB4Stream' && alloc !== undefined ? ` (${Math.round(alloc / b4Updates)} B per update)` : ''
  console.log(`| ${op} | ${fmt(csMs)} | ${fmt(jsMs)} | ${jsMs ? (csMs / jsMs).toFixed(2) + '×' : 'n/a'} | ${kib(alloc)}${perUpdate} |`)
  console.error(JSON.stringify({ impl: 'yserver', op, medianMs: csMs, allocatedBytes: alloc, yjsMedianMs: jsMs }))
}
const yjsLocalB4 = yjs.get('LocalB4Trace')?.medianMs
const remote = bdn.Benchmarks.find(b => b.Method === 'RemoteApplyB4Stream')
if (yjsLocalB4 && remote) {
  console.log(`\nRemote apply of the B4 stream vs yjs's own local B4 replay: ${(remote.Statistics.Median / 1e6 / yjsLocalB4).toFixed(2)}× (target ≤ 0.5×)`)
}
if (memFile) {
  console.log('\n| memory held by the parsed document | yserver (managed heap) | yjs (V8 heapUsed) | yserver / yjs |')
  console.log('| --- | ---: | ---: | ---: |')
  for (const m of lines(memFile)) {
    const js = yjs.get(m.op)?.bytes
    console.log(`| ${m.op.replace('HeldMemory', '')} | ${kib(m.bytes)} | ${kib(js)} | ${js ? (m.bytes / js).toFixed(2) + '×' : 'n/a'} |`)
  }
}
