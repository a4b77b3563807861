#!/usr/bin/env bash
# The test command: installs what the tests need (if missing), then runs every test with Maven.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/find-java.sh"
cd "$ROOT"
if [ -x scripts/test-deps.sh ]; then scripts/test-deps.sh; fi
exec mvn -B verify "$@"
