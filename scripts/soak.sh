#!/usr/bin/env bash
# Soak (issue 17): the client sends a steady RATE req/s to the simulator (its own process) for MINUTES; every 10 s
# the client's resident memory, open file descriptors and threads are sampled from /proc. At the end it prints the
# samples' first, middle and last values and whether each stayed flat (did not grow): the last third's mean at most
# 10% (+5 for fds, which follow the connections in flight; +2 for threads) over the middle third's, which leaves
# start-up and warm-up out of the comparison.
#   scripts/soak.sh [MINUTES=30] [RATE=50]
# A benchmark script, not a test: it runs as long as asked. Linux only (/proc). Everything stays on 127.0.0.1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MINUTES=${1:-30}; RATE=${2:-50}
OUT=$(mktemp -d /tmp/soak.XXXX)
cd "$ROOT"
PORT=$(( 20000 + RANDOM % 20000 ))
./inference-perf simulate --port "$PORT" --profile fixed --ttft_ms 50 --itl_ms 10 >"$OUT/sim.log" 2>&1 &
SIM=$!
CLIENT=
trap 'kill $SIM 2>/dev/null || true; [ -n "$CLIENT" ] && kill $CLIENT 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "listening on" "$OUT/sim.log" && break; sleep 1; done
cat >"$OUT/soak.yml" <<YAML
api: {type: chat, streaming: true}
server: {type: vllm, base_url: 'http://127.0.0.1:$PORT', model_name: simulated-model}
data:
  type: random
  input_distribution: {min: 64, max: 512, mean: 256, std_dev: 64}
  output_distribution: {min: 16, max: 128, mean: 64, std_dev: 16}
load: {type: poisson, base_seed: 17, stages: [{rate: $RATE, duration: $(( MINUTES * 60 ))}]}
report: {request_lifecycle: {per_request: true}}
storage: {local_storage: {path: '$OUT/reports'}}
YAML
./inference-perf -c "$OUT/soak.yml" >"$OUT/client.log" 2>&1 &
CLIENT=$!
echo "seconds,rss_kb,fds,threads" >"$OUT/samples.csv"
START=$(date +%s)
while kill -0 "$CLIENT" 2>/dev/null; do
  STATUS=$(cat "/proc/$CLIENT/status" 2>/dev/null) || break
  RSS=$(awk '/^VmRSS:/ {print $2}' <<<"$STATUS"); THREADS=$(awk '/^Threads:/ {print $2}' <<<"$STATUS")
  FDS=$(ls "/proc/$CLIENT/fd" 2>/dev/null | wc -l)
  echo "$(( $(date +%s) - START )),$RSS,$FDS,$THREADS" >>"$OUT/samples.csv"
  sleep 10
done
wait "$CLIENT" && RC=0 || RC=$?
CLIENT=
echo "soak: $MINUTES min at $RATE req/s, client exit $RC; files in $OUT"
grep -E "^Client resources|^  stages:|^  peak RSS|^Reports in" "$OUT/client.log" || true
awk -F, 'NR > 1 {t[++n] = $1; r[n] = $2; f[n] = $3; h[n] = $4}
  function mean(a, from, to,   s, i) {s = 0; for (i = from; i <= to; i++) s += a[i]; return s / (to - from + 1)}
  END {
    if (n < 6) {print "too few samples (" n ") to judge"; exit}
    a = int(n / 3) + 1; b = int(2 * n / 3); c = b + 1
    printf "  %-8s %10s %10s %10s %12s %12s %s\n", "", "first", "middle", "last", "mid-third", "last-third", "flat?"
    row("rss MB", r, 1024, 0.10, 0); row("fds", f, 1, 0.10, 5); row("threads", h, 1, 0, 2)
  }
  function row(name, v, unit, ratio, slack,   m, l, ok) {
    m = mean(v, a, b) / unit; l = mean(v, c, n) / unit
    ok = l <= m * (1 + ratio) + slack
    printf "  %-8s %10.1f %10.1f %10.1f %12.1f %12.1f %s\n", name, v[1] / unit, v[int(n / 2)] / unit, v[n] / unit, m, l, ok ? "yes" : "NO"
  }' "$OUT/samples.csv"
