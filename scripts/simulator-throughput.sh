#!/usr/bin/env bash
# Measures the simulator's SSE event throughput (src/test/java/io/inferenceperf/bench/SimulatorThroughput.java).
# Arguments: --connections N --tokens N --seconds N --warmup N, and any simulator option (--profile zero, ...).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/find-java.sh"
cd "$ROOT"
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xms512m -Xmx1g -XX:+UseParallelGC \
  -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
  io.inferenceperf.bench.SimulatorThroughput "$@"
