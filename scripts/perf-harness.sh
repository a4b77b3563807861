#!/usr/bin/env bash
# Performance harness (issue 6): builds the jar and the test classes once, then drives ./inference-perf against the
# simulator (a separate process) and prints markdown tables with PASS/FAIL per target. Not part of the unit tests.
#   scripts/perf-harness.sh                 ladder 500..5000 req/s, 60 s rungs (about 10 minutes)
#   scripts/perf-harness.sh --quick         ladder with 10 s rungs
#   scripts/perf-harness.sh memory          1,000,000 requests, per_request off then on (target 4)
#   scripts/perf-harness.sh pauses          5 minutes at 1000 req/s (target 5)
#   scripts/perf-harness.sh --help          every option
# Run it on an otherwise quiet machine; every table row records the load average next to its figures.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_MIN=25 . "$ROOT/scripts/find-java.sh" # the tests compile at Java 25
cd "$ROOT"
if ! mvn -B -q ${MVN_OFFLINE:+-o} -DskipTests package >target/perf-harness-build.log 2>&1; then
  echo "perf-harness: build failed; see target/perf-harness-build.log" >&2
  exit 1
fi
# The harness needs only the runtime dependencies, which the shaded jar holds (the dependency plugin may not resolve
# offline).
echo "target/inference-perf.jar" >target/test.classpath
mvn -B -q ${MVN_OFFLINE:+-o} -DskipTests test-compile >>target/perf-harness-build.log 2>&1
touch target/inference-perf.jar # the launcher must not rebuild in the middle of a rung
# With --nice N the harness itself runs at that niceness too, so that its stall probe sees what the client sees.
# With --rt the harness and every process it starts (simulator, servers, clients) run under SCHED_FIFO priority 10
# (root): on a machine busy with other work they still run when their bytes arrive, as the tool's own I/O threads do,
# so the floor and the tool are compared under the same scheduling and the ratio depends less on the load.
NICE=()
RT=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--nice" ] && NICE=(nice -n "${args[$((i + 1))]}")
  [ "${args[$i]}" = "--rt" ] && RT=(chrt -f 10)
done
exec "${RT[@]}" "${NICE[@]}" "$JAVA_HOME/bin/java" -Xmx512m -Dharness.root="$ROOT" \
  -cp "target/test-classes:target/classes:$(cat target/test.classpath)" io.inferenceperf.bench.PerfHarness "$@"
