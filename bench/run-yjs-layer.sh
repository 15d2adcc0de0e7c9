#!/usr/bin/env bash
# Benchmarks the Yjs binary layer against real yjs on the same inputs, in one run, and prints the ratios.
#   bench/run-yjs-layer.sh            full BenchmarkDotNet run
#   QUICK=1 bench/run-yjs-layer.sh    short job (fewer iterations), for a smoke check
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/out/yjs-layer"
mkdir -p "$out"
(cd "$here/node" && npm ci --no-audit --no-fund >/dev/null)
node "$here/node/gen-inputs.mjs" "$out/inputs"
node "$here/node/time-yjs.mjs" "$out/inputs" 15 | tee "$out/yjs.jsonl"
job=()
[ "${QUICK:-0}" = "1" ] && job=(--job short)
export YSERVER_BENCH_INPUTS="$out/inputs"
(cd "$out" && dotnet run -c Release --project "$here/YServer.Benchmarks" -- \
  --filter '*UpdateBenchmarks*' --exporters json "${job[@]}" --artifacts "$out/bdn")
report=$(ls -t "$out"/bdn/results/*UpdateBenchmarks*-report-full-compressed.json | head -n 1)
echo "host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/report.md"
node "$here/node/report.mjs" "$out/yjs.jsonl" "$report" | tee -a "$out/report.md"
