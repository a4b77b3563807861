# Sourced by the launcher and the scripts: sets JAVA_HOME to a JDK >= $JAVA_MIN (default 21: the tool runs on 21,
# with kernel timestamps and real-time I/O threads from 22; the scripts that compile the tests set 25).
JAVA_MIN=${JAVA_MIN:-21}
# Order: JAVA_HOME if new enough, then the JDKs under /usr/lib/jvm (newest first), then `java` on PATH.

java_major() { # $1 = path to a java binary; prints its major version or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

pick_java_home() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$JAVA_MIN" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$JAVA_MIN" ]; then echo "$candidate"; return 0; fi
  done
  if command -v java >/dev/null 2>&1; then
    major=$(java_major "$(command -v java)")
    if [ -n "$major" ] && [ "$major" -ge "$JAVA_MIN" ]; then
      dirname "$(dirname "$(readlink -f "$(command -v java)")")"; return 0
    fi
  fi
  return 1
}

if ! JAVA_HOME=$(pick_java_home); then
  echo "inference-perf: no JDK $JAVA_MIN or newer found. Set JAVA_HOME to one (looked in JAVA_HOME, /usr/lib/jvm, PATH)." >&2
  exit 2
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
