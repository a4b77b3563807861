#!/usr/bin/env bash
# Regenerates the sample outputs linked from the README (docs/sample/): runs the quickstart against the built-in
# simulator, draws its PNG charts with --analyze and keeps its report.html. Nothing in docs/sample is hand-made.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
./inference-perf -c examples/quickstart.yml --storage.local_storage.path "$WORK/run" >"$WORK/run.log" 2>&1 \
  || { cat "$WORK/run.log" >&2; exit 1; }
./inference-perf --analyze "$WORK/run" >/dev/null
mkdir -p docs/sample
rm -f docs/sample/*.png docs/sample/report.html
cp "$WORK"/run/*.png "$WORK/run/report.html" docs/sample/
# The config records the temporary report path; the sample shows the quickstart's own.
sed -i "s#$WORK/run#reports-{timestamp}#g" docs/sample/report.html
ls -l docs/sample
