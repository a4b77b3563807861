#!/usr/bin/env bash
# Runs the JMH benchmarks (src/test/java/io/inferenceperf/bench). Arguments go to JMH, e.g. scripts/jmh.sh Sse -f 1
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_MIN=25 . "$ROOT/scripts/find-java.sh" # the tests compile at Java 25
cd "$ROOT"
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
exec java --enable-native-access=ALL-UNNAMED -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
  org.openjdk.jmh.Main "$@"
