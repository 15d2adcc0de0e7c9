#!/usr/bin/env bash
# Benchmarks yserver side by side with the Node reference server (@y/websocket-server 0.1.1 + LevelDB) and
# Hocuspocus 3 (file persistence), all in one run, on loopback. See bench/README.md.
#   bench/run-servers.sh                 full run: 3 repetitions, unpinned and pinned
#   QUICK=1 bench/run-servers.sh         short run (< 3 minutes): 1 repetition, unpinned
# Options (environment): PIN=0|1|both  REPS=n  SERVERS=yserver,reference,hocuspocus
#   WORKLOADS=W1,W2,W6,W4,W1sat,W3,W5  SERVER_CPUS=1  GEN_CPUS=0  SKIP_BUILD=1  DEADLINE=HH:MM (UTC)
# Output: bench/out/results.jsonl (appended, one JSON line per workload/variant/repetition/server),
#         bench/out/report.md and bench/out/w1-latency.svg (for this run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/out"
mkdir -p "$out"
quick="${QUICK:-0}"
pin="${PIN:-$([ "$quick" = 1 ] && echo 0 || echo both)}"
run_id="$(date -u +%Y%m%d%H%M%S)"

# Every server is started by run.mjs in its own process group and stopped by that group; if this script is
# interrupted, run.mjs kills its groups on exit. The trap only ends the generator this script started.
gen_pid=""
cleanup() { if [ -n "$gen_pid" ] && kill -0 "$gen_pid" 2>/dev/null; then kill -TERM "$gen_pid" 2>/dev/null || true; wait "$gen_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT INT TERM

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # The release binary the README documents (YServer/Properties/PublishProfiles: self-contained, single file,
  # ReadyToRun). Without ReadyToRun the first seconds of a run execute tier-0 JIT code (LiteDB included); measured on a
  # quiet machine, the single-file build also starts faster than a framework-dependent ReadyToRun publish (W6 ~190 vs
  # ~290 ms) and serves its first room sooner (W2 10k cold load ~14 vs ~35 ms); the cause was not isolated (one
  # difference: no shared-framework resolution at start). The Docker image is still framework-dependent.
  rid="linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')"
  echo "building yserver (release binary, $rid: self-contained, single file, ReadyToRun) ..."
  rm -rf "$out/yserver"
  dotnet publish "$here/../YServer" -p:PublishProfile="$rid" -o "$out/yserver" --nologo -v quiet >/dev/null
  echo "installing peers (npm ci) ..."
  (cd "$here/servers" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# W3 opens 10,000 connections: raise the open-file limit (inherited by the servers) as far as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), open files $(ulimit -n)"

reps="${REPS:-$([ "$quick" = 1 ] && echo 1 || echo 3)}"
# DEADLINE=HH:MM (UTC, today): no repetition starts after it, so a run on a busy machine still ends with complete
# repetitions of both pinning modes instead of running over. Unset: no deadline.
deadline_s=""
[ -n "${DEADLINE:-}" ] && deadline_s="$(date -u -d "$DEADLINE" +%s)"

run_once() { # $1 = 0|1 (pinned), $2 = first repetition number, $3 = repetitions
  local p="$1" prefix=()
  if [ -n "$deadline_s" ] && [ "$(date -u +%s)" -ge "$deadline_s" ]; then
    echo "deadline $DEADLINE reached: skipping repetition $2 (pinned=$p)"
    return 0
  fi
  [ "$p" = 1 ] && prefix=(taskset -c "${GEN_CPUS:-0}")
  (cd "$here/servers" && QUICK="$quick" PIN="$p" REPS="$3" REP_BASE="$2" OUT="$out" RUN_ID="$run_id" \
    YSERVER_BIN="$out/yserver/yserver" "${prefix[@]}" node run.mjs) &
  gen_pid=$!
  wait "$gen_pid"
  gen_pid=""
}
case "$pin" in
  0) run_once 0 0 "$reps" ;;
  1) run_once 1 0 "$reps" ;;
  # repetitions alternate between the modes, so both have the same number of complete repetitions at any time
  both) for ((r = 0; r < reps; r++)); do run_once 0 "$r" 1; run_once 1 "$r" 1; done ;;
  *) echo "PIN must be 0, 1 or both" >&2; exit 2 ;;
esac

node "$here/servers/report.mjs" "$out/results.jsonl" "$out/report.md" "$out/w1-latency.svg" "$run_id"
