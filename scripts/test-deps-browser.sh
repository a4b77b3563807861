#!/usr/bin/env bash
# Debian packages for the chart tests: fontconfig and a font (the JDK's Java2D needs them to draw the PNG charts'
# text headless; a bare image has neither), and Chromium, which the HTML report tests run headless.
set -euo pipefail
missing=()
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list 2>/dev/null | head -1)" ]; then
  missing+=(fontconfig fonts-dejavu-core)
fi
if ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "test-deps-browser: missing ${missing[*]}; run as root to install these Debian packages" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "test-deps-browser: installed ${missing[*]}"
