#!/usr/bin/env python3
"""Per-thread counts of a JVM process, for scripts/perf-breakdown.sh (issue 20).

  thread-counts.py snap PID FILE          writes each thread's name, CPU ticks, context switches and allocated bytes
  thread-counts.py diff BEFORE AFTER N    prints what each thread group did between the snapshots, per request (N)

Context switches come from /proc/PID/task/TID/status: a voluntary one is the thread going to sleep (and so, later,
one wake-up); an involuntary one is the scheduler taking the core away (that one depends on the machine's load).
Allocated bytes come from `jcmd PID Thread.print -e` (HotSpot's per-thread allocation counter, rounded to K/M/G).
"""
import json, os, re, subprocess, sys

UNITS = {"B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def group(name):
    """Threads of one kind share a group: digits and pool numbers dropped."""
    name = re.sub(r"\d+", "#", name)
    return name


def snap(pid, path):
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        threads[tid] = {"name": status["Name"].strip(), "vol": int(status["voluntary_ctxt_switches"]),
                        "invol": int(status["nonvoluntary_ctxt_switches"]),
                        "ticks": int(fields[11]) + int(fields[12]), "alloc": 0}
    dump = subprocess.run(["jcmd", str(pid), "Thread.print", "-e"], capture_output=True, text=True).stdout
    for m in re.finditer(r'^"(.*?)".*?\[(\d+)\].*?allocated=(\d+)([BKMG])', dump, re.M):
        name, tid, amount, unit = m.groups()
        if tid in threads:
            threads[tid]["name"] = name  # the full Java name (comm is cut at 15 characters)
            threads[tid]["alloc"] = int(amount) * UNITS[unit]
    with open(path, "w") as f:
        json.dump(threads, f)


def diff(before_path, after_path, requests):
    before = json.load(open(before_path))
    after = json.load(open(after_path))
    hz = os.sysconf("SC_CLK_TCK")
    groups = {}
    for tid, a in after.items():
        b = before.get(tid, {"vol": 0, "invol": 0, "ticks": 0, "alloc": 0})
        g = groups.setdefault(group(a["name"]), [0, 0, 0.0, 0, 0])
        g[0] += a["vol"] - b["vol"]
        g[1] += a["invol"] - b["invol"]
        g[2] += (a["ticks"] - b["ticks"]) / hz
        g[3] += max(0, a["alloc"] - b["alloc"])
        g[4] += 1
    n = float(requests)
    print(f"  {'thread (group)':<34} {'threads':>7} {'sleeps/req':>10} {'preempt/req':>11} {'cpu us/req':>10}"
          f" {'alloc B/req':>11}")
    total = [0, 0, 0.0, 0]
    for name, (vol, invol, cpu, alloc, count) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
        for i, v in enumerate((vol, invol, cpu, alloc)):
            total[i] += v
        if vol / n < 0.01 and cpu * 1e6 / n < 1 and alloc / n < 16:
            continue
        print(f"  {name[:34]:<34} {count:>7} {vol / n:>10.2f} {invol / n:>11.2f} {cpu * 1e6 / n:>10.0f}"
              f" {alloc / n:>11.0f}")
    print(f"  {'all threads':<34} {'':>7} {total[0] / n:>10.2f} {total[1] / n:>11.2f} {total[2] * 1e6 / n:>10.0f}"
          f" {total[3] / n:>11.0f}")


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        snap(sys.argv[2], sys.argv[3])
    else:
        diff(sys.argv[2], sys.argv[3], sys.argv[4])
