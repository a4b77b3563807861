#!/usr/bin/env bash
# Where the test suite's time goes: sums Surefire's per-class and per-test times (the `time` attributes of
# target/surefire-reports/TEST-*.xml, or of the reports folder given) and prints the slowest first.
#   scripts/test-times.sh [REPORTS_DIR] [TOP=40]
#   scripts/test-times.sh --compare BEFORE_DIR AFTER_DIR [TOP=40]   per class, before vs after, and each class's
#                                                                  ratio over the median ratio (the load factor)
# Times are each class's own wall time in its JVM; on a shared machine compare classes with each other (relative
# figures), not with another day's totals.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${1:-}" = --compare ]; then
  MODE=compare; BEFORE=${2:?before reports dir}; AFTER=${3:?after reports dir}; TOP=${4:-40}
else
  MODE=single; BEFORE=${1:-$ROOT/target/surefire-reports}; AFTER=; TOP=${2:-40}
fi
exec python3 - "$MODE" "$BEFORE" "$AFTER" "$TOP" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET

mode, before, after, top = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def load(folder):
    """class name -> (seconds, tests, failures+errors), and (class#test -> seconds)."""
    classes, cases = {}, {}
    for path in glob.glob(os.path.join(folder, "TEST-*.xml")):
        suite = ET.parse(path).getroot()
        name = suite.get("name").removeprefix("io.inferenceperf.")
        bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        classes[name] = (float(suite.get("time", 0)), int(suite.get("tests", 0)), bad)
        for case in suite.iter("testcase"):
            cases[name + "#" + case.get("name")] = float(case.get("time", 0))
    if not classes:
        sys.exit(f"test-times: no TEST-*.xml in {folder} (run the tests first)")
    return classes, cases

def single():
    classes, cases = load(before)
    total = sum(c[0] for c in classes.values())
    tests = sum(c[1] for c in classes.values())
    print(f"{len(classes)} classes, {tests} tests, {total:.1f} s summed over classes\n")
    print(f"{'seconds':>8} {'share':>6} {'cum':>6} {'tests':>5}  class")
    cum = 0.0
    for name, (sec, n, bad) in sorted(classes.items(), key=lambda kv: -kv[1][0])[:top]:
        cum += sec
        flag = "  FAILED" if bad else ""
        print(f"{sec:8.1f} {100*sec/total:5.1f}% {100*cum/total:5.1f}% {n:5d}  {name}{flag}")
    print(f"\nslowest tests")
    for name, sec in sorted(cases.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{sec:8.1f}  {name}")

def compare():
    old, _ = load(before)
    new, _ = load(after)
    both = [n for n in old if n in new and old[n][0] >= 0.5 and new[n][0] > 0]
    ratios = sorted(new[n][0] / old[n][0] for n in both)
    load_factor = ratios[len(ratios) // 2] if ratios else 1.0
    rows = [(n, old.get(n, (0, 0, 0))[0], new.get(n, (0, 0, 0))[0]) for n in set(old) | set(new)]
    rows.sort(key=lambda r: -max(r[1], r[2]))
    t_old, t_new = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(f"summed over classes: before {t_old:.1f} s, after {t_new:.1f} s")
    # On a shared machine most classes slow down or speed up together with its load: the median ratio of classes
    # present in both runs estimates that factor, and 'vs load' shows each class against it (1.00: unchanged).
    print(f"median after/before over {len(both)} classes (the machine's load factor): {load_factor:.2f}\n")
    print(f"{'before':>8} {'after':>8} {'vs load':>8}  class")
    for name, a, b in rows[:top]:
        versus = f"{b / a / load_factor:8.2f}" if a > 0 and b > 0 else f"{'-':>8}"
        print(f"{a:8.1f} {b:8.1f} {versus}  {name}")

single() if mode == "single" else compare()
PY
