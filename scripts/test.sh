#!/usr/bin/env bash
# The test command: installs what the tests need (if missing), then runs every test with Maven.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_MIN=25 . "$ROOT/scripts/find-java.sh" # the tests compile at Java 25
cd "$ROOT"
if [ -x scripts/test-deps.sh ]; then scripts/test-deps.sh; fi
exec mvn -B verify "$@"
