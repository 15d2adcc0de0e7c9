#!/usr/bin/env bash
# Benchmarks the C# document model (YServer/Crdt) against real yjs on the same inputs, in one run, and prints the
# ratios (plan §9.2: parse, remote apply, encode, local edits B1/B4, B3, memory held).
#   bench/run-crdt.sh            BenchmarkDotNet with 2 warm-ups and 10 iterations per benchmark
#   QUICK=1 bench/run-crdt.sh    short job (3 iterations), for a smoke check
#   FILTER='*ParseB4*' ...       only the matching benchmarks (BenchmarkDotNet glob; the yjs side runs in full)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/out/crdt"
mkdir -p "$out"
(cd "$here/node" && npm ci --no-audit --no-fund >/dev/null)
[ -f "$out/inputs/b4x100-state.bin" ] || node "$here/node/gen-crdt-inputs.mjs" "$out/inputs"
reps=10
job=(--launchCount 1 --warmupCount 2 --iterationCount 10)
if [ "${QUICK:-0}" = "1" ]; then reps=5; job=(--job short); fi
node --expose-gc "$here/node/time-yjs-crdt.mjs" "$out/inputs" "$reps" | tee "$out/yjs.jsonl"
export YSERVER_CRDT_BENCH_INPUTS="$out/inputs"
dotnet build -c Release "$here/YServer.Benchmarks" >/dev/null
bin="$here/YServer.Benchmarks/bin/Release/net10.0/YServer.Benchmarks.dll"
dotnet "$bin" --held-memory | tee "$out/yserver-memory.jsonl"
(cd "$out" && dotnet "$bin" --filter "*CrdtBenchmarks.${FILTER:-*}" --exporters json "${job[@]}" --artifacts "$out/bdn")
report=$(ls -t "$out"/bdn/results/*CrdtBenchmarks*-report-full-compressed.json | head -n 1)
echo "host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$here" rev-parse --short HEAD)" | tee "$out/report.md"
node "$here/node/report-crdt.mjs" "$out/yjs.jsonl" "$report" "$out/yserver-memory.jsonl" 2>"$out/yserver.jsonl" | tee -a "$out/report.md"
