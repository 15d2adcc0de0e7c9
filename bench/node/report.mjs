// Pairs the yjs timings (JSON lines) with BenchmarkDotNet's JSON report and prints a markdown table of
// medians and ratios. Usage: node report.mjs YJS_JSONL BDN_REPORT_JSON
import { readFileSync } from 'node:fs'

const [yjsFile, bdnFile] = process.argv.slice(2)
const yjs = new Map(readFileSync(yjsFile, 'utf8').trim().split('\n').map(l => JSON.parse(l)).map(r => [r.op, r.medianMs]))
const bdn = JSON.parse(readFileSync(bdnFile, 'utf8'))
const rows = []
for (const b of bdn.Benchmarks) {
  const op = b.Method
  const csMs = b.Statistics.Median / 1e6
  const alloc = b.Memory?.BytesAllocatedPerOperation
  const jsMs = yjs.get(op)
  rows.push({ op, csMs, jsMs, alloc, speedup: jsMs ? jsMs / csMs : NaN })
  console.log(JSON.stringify({ impl: 'yserver', op, medianMs: csMs, allocatedBytes: alloc, yjsMedianMs: jsMs, speedup: jsMs / csMs }))
}
const fmt = n => (n === undefined || Number.isNaN(n)) ? 'n/a' : n < 10 ? n.toFixed(3) : n.toFixed(1)
console.log('\n| operation | yserver median (ms) | yjs median (ms) | yjs / yserver | yserver allocated |')
console.log('| --- | ---: | ---: | ---: | ---: |')
for (const r of rows) {
  console.log(`| ${r.op} | ${fmt(r.csMs)} | ${fmt(r.jsMs)} | ${fmt(r.speedup)}× | ${r.alloc === undefined ? 'n/a' : (r.alloc / 1024).toFixed(1) + ' KiB'} |`)
}
