#!/usr/bin/env bash
# Builds the local base image for the offline container build (Jib's `tar://` base), because base images cannot be
# pulled on our build machines: a minimal Debian root file system made with debootstrap from Debian's packages, a
# small JRE 25 made with jlink from the local JDK, and a non-root user (uid 65532). Written as a `docker save`
# tarball to .tools/image-base/base.tar (git-ignored). Idempotent: skipped when the tarball was made from the same
# inputs. Needs root (debootstrap, chroot) and the JDK that scripts/find-java.sh finds.
#
# Online builds do not need this: they use a published JRE 25 image (see docs/kubernetes.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/find-java.sh"
OUT="$ROOT/.tools/image-base"
SUITE=bookworm
# Modules the jar needs (jdeps --print-module-deps on target/inference-perf.jar) plus the management, JFR and
# networking extras that diagnostics and kernel timestamps use.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http
MODULES=$MODULES,java.scripting,java.sql,java.xml,jdk.attach,jdk.jdi,jdk.jfr,jdk.management,jdk.management.jfr
MODULES=$MODULES,jdk.net,jdk.unsupported,jdk.zipfs
JAVA_VERSION=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p')
STAMP="suite=$SUITE java=$JAVA_VERSION modules=$MODULES user=65532 v=1"

if [ -f "$OUT/base.tar" ] && [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$STAMP" ]; then exit 0; fi

# The Debian mirror the machine's apt already uses (no host name of our own here).
mirror() {
  local uri
  uri=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n1)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $3 !~ /security/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
  [ -n "$uri" ] || { echo "image-base: no Debian mirror found in the apt sources" >&2; exit 1; }
  echo "$uri"
}

if ! command -v debootstrap >/dev/null 2>&1; then
  apt-get install -y -q debootstrap >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q debootstrap >/dev/null; }
fi

WORK=$(mktemp -d)
cleanup() { umount "$WORK/rootfs/proc" "$WORK/rootfs/sys" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
ROOTFS="$WORK/rootfs"
echo "image-base: debootstrap $SUITE (minbase)..."
debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$(mirror)" >"$WORK/debootstrap.log" 2>&1 \
  || { tail -n 20 "$WORK/debootstrap.log" >&2; echo "image-base: debootstrap failed" >&2; exit 1; }
umount "$ROOTFS/proc" "$ROOTFS/sys" 2>/dev/null || true

# Trim what a runtime image never uses.
rm -rf "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/locale/* \
  "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/log/* "$ROOTFS"/proc/* "$ROOTFS"/sys/* \
  "$ROOTFS"/dev/*

echo "image-base: jlink a JRE ($JAVA_VERSION)..."
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$ROOTFS/opt/java/openjdk"

# The non-root user the container runs as; /workspace (results) and /tmp are its writable places (emptyDirs in
# Kubernetes, where the root file system is read-only).
echo "nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin" >>"$ROOTFS/etc/passwd"
echo "nonroot:x:65532:" >>"$ROOTFS/etc/group"
mkdir -p "$ROOTFS/home/nonroot" "$ROOTFS/workspace"
chown 65532:65532 "$ROOTFS/home/nonroot" "$ROOTFS/workspace"
chmod 1777 "$ROOTFS/tmp"

# A `docker save` tarball: one layer, its config and the manifest (the format Jib reads from tar://).
echo "image-base: writing the image tarball..."
IMG="$WORK/image"
mkdir -p "$IMG"
tar --numeric-owner --xattrs -C "$ROOTFS" -cf "$IMG/layer.tar" .
DIFF_ID=$(sha256sum "$IMG/layer.tar" | cut -d' ' -f1)
cat >"$IMG/config.json" <<EOF
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"],
           "User":"65532:65532","WorkingDir":"/workspace"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$DIFF_ID"]},
 "history":[{"created_by":"scripts/image-base.sh: debootstrap $SUITE minbase + jlink JRE $JAVA_VERSION"}]}
EOF
CONFIG_ID=$(sha256sum "$IMG/config.json" | cut -d' ' -f1)
mv "$IMG/config.json" "$IMG/$CONFIG_ID.json"
echo "[{\"Config\":\"$CONFIG_ID.json\",\"RepoTags\":[\"inference-perf-base:local\"],\"Layers\":[\"layer.tar\"]}]" \
  >"$IMG/manifest.json"
mkdir -p "$OUT"
tar -C "$IMG" -cf "$OUT/base.tar.part" manifest.json "$CONFIG_ID.json" layer.tar
mv "$OUT/base.tar.part" "$OUT/base.tar"
echo "$STAMP" >"$OUT/stamp"
echo "image-base: $(du -h "$OUT/base.tar" | cut -f1) at ${OUT#"$ROOT"/}/base.tar"
