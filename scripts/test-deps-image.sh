#!/usr/bin/env bash
# What the container and manifest tests need beyond Maven: podman and runc (to run the image), debootstrap (for the
# local base image), kubectl (its built-in kustomize renders deploy/), all Debian packages; then the local base
# image itself (scripts/image-base.sh), from which `mvn package` builds the image offline. Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || missing+=(runc)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
# Debian's kubectl package is kubernetes-client; any kubectl already on PATH will do
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test-deps-image: missing ${missing[*]}; run as root to install these Debian packages" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  echo "test-deps-image: installed ${missing[*]}"
fi
if [ "$(id -u)" -ne 0 ] && [ ! -f "$ROOT/.tools/image-base/base.tar" ]; then
  # debootstrap needs root; without the base image Maven skips the image build and ContainerImageIT
  if [ "${CI:-}" = true ]; then echo "test-deps-image: CI must run as root to build the base image" >&2; exit 1; fi
  echo "test-deps-image: not root, so no local base image: mvn verify skips the container image and its test" >&2
  exit 0
fi
"$ROOT/scripts/image-base.sh"
