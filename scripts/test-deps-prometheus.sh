#!/usr/bin/env bash
# Installs the Prometheus server that the servermetrics tests start themselves (Debian's `prometheus` package).
# The package's own system service is kept from starting: tests run their own process on a free loopback port.
set -euo pipefail
if [ -x /usr/bin/prometheus ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "test-deps-prometheus: /usr/bin/prometheus is missing; run as root to install Debian's prometheus package" >&2
  exit 1
fi
# policy-rc.d exit code 101 tells invoke-rc.d not to start services during the install.
POLICY=/usr/sbin/policy-rc.d
CREATED_POLICY=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$POLICY"
  chmod +x "$POLICY"
  CREATED_POLICY=1
fi
cleanup() { if [ "$CREATED_POLICY" = 1 ]; then rm -f "$POLICY"; fi; }
trap cleanup EXIT
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus
# Belt and braces: if an init system started it anyway, stop it (tests need no system instance).
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl stop prometheus || true
fi
/usr/bin/prometheus --version | head -1
