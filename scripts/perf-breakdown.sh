#!/usr/bin/env bash
# Per-request breakdown of a client's work (issue 20): system calls by kind, context switches and CPU, counted with
# perf while the client sends RATE req/s (32-token streams, one SSE event per segment) to the simulator in its own
# process. Counts hold on a busy machine where times do not.
#   scripts/perf-breakdown.sh RATE tool   [extra JVM flags for the tool]
#   scripts/perf-breakdown.sh RATE floor
#   TRACE=1 scripts/perf-breakdown.sh ...   also counts each kind of system call (perf trace; slows the client)
#   SECONDS_MEASURED=20 ...                   a longer counting window (default 10 s)
#   WARMUP_SECONDS=40 ...                     a longer warm-up stage before counting (default 8 s): the JIT compiler
#                                             threads still use a sixth of the CPU 15 s after the start
#   LOAD_EXTRA='num_workers: 1' ...           more keys for the tool's load section
#   PROFILE=1 ...                             also an on-CPU profile (perf record, JIT symbols from
#                                             `jcmd Compiler.perfmap`) in a window of its own: CPU by thread, by
#                                             kernel / JIT / library, and the top symbols
#   SERVER=minimal ...                        the harness's second server (transport.MinimalStreamServer: one thread,
#                                             one epoll set, same schedule) instead of the simulator
#   RT=1 ...                                  simulator and client under SCHED_FIFO (chrt -f 10): on a machine busy
#                                             with other work both still run when their bytes arrive, so the counts
#                                             are those of an idle machine (the tool's I/O threads ask for it anyway)
# Prints per request: system calls, context switches, migrations and CPU (perf stat over the whole process), then
# per thread group the sleeps (voluntary context switches: each one is a later wake-up), preemptions, CPU and bytes
# allocated (scripts/thread-counts.py, from /proc and `jcmd Thread.print -e`). The counts hold on a busy machine
# where the CPU times do not. Needs perf (Debian: linux-perf) with tracepoints, and runs as root.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_MIN=25 . "$ROOT/scripts/find-java.sh" # the tests compile at Java 25
RATE=${1:?rate}; WHO=${2:-tool}; EXTRA=${3:-}
SECONDS_MEASURED=${SECONDS_MEASURED:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-8}
OUT=$(mktemp -d /tmp/perf-breakdown.XXXX)
cd "$ROOT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then # SKIP_BUILD=1: measure the jar and classes already built
  mvn -B -q ${MVN_OFFLINE:+-o} -DskipTests package >"$OUT/build.log" 2>&1
  mvn -B -q ${MVN_OFFLINE:+-o} -DskipTests test-compile >>"$OUT/build.log" 2>&1
fi
# The bench classes need only the runtime dependencies, which the shaded jar holds.
echo "target/inference-perf.jar" >target/test.classpath
touch target/inference-perf.jar
PORT=$(( 20000 + RANDOM % 20000 ))
PRIO=()
[ "${RT:-0}" = 1 ] && PRIO=(chrt -f 10)
if [ "${SERVER:-simulator}" = minimal ]; then
  # prints "port N" first, then serves until its standard input ends or the trap ends it
  mkfifo "$OUT/server-in"
  "${PRIO[@]}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "target/test-classes:target/classes:target/inference-perf.jar" io.inferenceperf.transport.MinimalStreamServer \
    50 10 32 <"$OUT/server-in" >"$OUT/sim.log" 2>&1 &
  SIM=$!
  exec 7>"$OUT/server-in" # keeps the server's input open
  for _ in $(seq 120); do grep -q '^port ' "$OUT/sim.log" 2>/dev/null && break; sleep 0.5; done
  PORT=$(awk '/^port / {print $2; exit}' "$OUT/sim.log")
else
  "${PRIO[@]}" ./inference-perf simulate --port "$PORT" --profile fixed --ttft_ms 50 --itl_ms 10 --threads 1 --tokens_per_event 1 \
    >"$OUT/sim.log" 2>&1 &
  SIM=$!
fi
trap 'kill $SIM 2>/dev/null || true; [ -n "${CLIENT:-}" ] && kill $CLIENT 2>/dev/null || true' EXIT
for _ in $(seq 120); do # the server listens within a few seconds, more on a loaded machine
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.5
done
if [ "$WHO" = floor ]; then
  "${PRIO[@]}" "$JAVA_HOME/bin/java" -XX:+UseZGC -Xms256m -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
    io.inferenceperf.bench.FloorClient 127.0.0.1 "$PORT" "$RATE" "$WARMUP_SECONDS" $((SECONDS_MEASURED * 3 + 20)) >"$OUT/client.log" 2>&1 &
  CLIENT=$!
else
  cat >"$OUT/c.yml" <<YAML
api: {type: completion, streaming: true}
server: {type: vllm, base_url: 'http://127.0.0.1:$PORT', model_name: simulated-model, ignore_eos: true}
data:
  type: random
  input_distribution: {type: fixed, min: 64, max: 64, mean: 64, std_dev: 0}
  output_distribution: {type: fixed, min: 32, max: 32, mean: 32, std_dev: 0}
load: {type: constant, interval: 1, worker_max_concurrency: 0, ${LOAD_EXTRA:+$LOAD_EXTRA,} stages: [{rate: $RATE, duration: $WARMUP_SECONDS}, {rate: $RATE, duration: $((SECONDS_MEASURED * 3 + 20))}]}
storage: {local_storage: {path: '$OUT/reports'}}
YAML
  INFERENCE_PERF_EXTRA_JVM_OPTS="$EXTRA" "${PRIO[@]}" ./inference-perf -c "$OUT/c.yml" >"$OUT/client.log" 2>&1 &
  CLIENT=$!
fi
sleep $((WARMUP_SECONDS + 7)) # warm-up (client start, its warm-up, the warm-up stage) and a little of the next
COUNTS="$ROOT/scripts/thread-counts.py"
"$COUNTS" snap "$CLIENT" "$OUT/threads-before.json" before
perf stat -e raw_syscalls:sys_enter,context-switches,cpu-migrations,task-clock,page-faults -p "$CLIENT" \
  -o "$OUT/stat.txt" sleep "$SECONDS_MEASURED"
"$COUNTS" snap "$CLIENT" "$OUT/threads-after.json" after
if [ "${TRACE:-0}" = 1 ]; then # per-syscall counts; tracing every call slows the client, so in a window of its own
  TRACE_START=$(date +%s.%N)
  perf trace -s -p "$CLIENT" -o "$OUT/trace.txt" -- sleep "$SECONDS_MEASURED" >/dev/null 2>&1 || true
  TRACE_SECONDS=$(awk -v a="$TRACE_START" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
fi
if [ "${PROFILE:-0}" = 1 ]; then
  perf record -F 2999 -p "$CLIENT" -o "$OUT/perf.data" -- sleep "$SECONDS_MEASURED" >/dev/null 2>&1 || true
  jcmd "$CLIENT" Compiler.perfmap >/dev/null 2>&1 || true # /tmp/perf-<pid>.map names the JIT's code
  report() { perf report -i "$OUT/perf.data" --no-children --stdio "$@" 2>/dev/null | grep -v '^#' | grep -v '^$' || true; }
  report --sort comm >"$OUT/profile-threads.txt"
  report --sort comm,dso >"$OUT/profile-dso.txt"
  report --sort comm,sym >"$OUT/profile-symbols.txt"
fi
# perf's own elapsed time: on a loaded machine the window can be longer than asked for.
ELAPSED=$(awk '/seconds time elapsed/ {print $1}' "$OUT/stat.txt")
REQUESTS=$(awk -v r="$RATE" -v s="$ELAPSED" 'BEGIN {print r * s}')
echo "$WHO at $RATE req/s, $ELAPSED s measured ($REQUESTS requests); files in $OUT"
awk -v n="$REQUESTS" '/raw_syscalls|context-switches|cpu-migrations|page-faults/ {gsub(",", "", $1); printf "  %-26s %10.1f per request\n", $2, $1 / n}
  /task-clock/ {gsub(",", "", $1); printf "  %-26s %10.1f us per request\n", "cpu (task-clock)", $1 * 1000 / n}' "$OUT/stat.txt"
[ -f "$OUT/trace.txt" ] && echo "  system calls by kind (perf trace, $TRACE_SECONDS s window):" && \
  awk -v n="$(awk -v r="$RATE" -v s="$TRACE_SECONDS" 'BEGIN {print r * s}')" '$1 ~ /^[a-z_0-9]+$/ && $2 ~ /^[0-9]+$/ {c[$1] += $2} END {for (k in c) if (c[k] / n >= 0.1) printf "  %-26s %10.1f per request\n", k, c[k] / n}' "$OUT/trace.txt" | sort -k2 -nr
echo "  per thread group:"
"$COUNTS" diff "$OUT/threads-before.json" "$OUT/threads-after.json" "$RATE"
if [ -f "$OUT/profile-threads.txt" ]; then
  echo "  on-CPU profile (perf record, $SECONDS_MEASURED s): share by thread, then by thread and code"
  head -8 "$OUT/profile-threads.txt"
  head -12 "$OUT/profile-dso.txt"
  echo "  top symbols in $OUT/profile-symbols.txt"
fi
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
