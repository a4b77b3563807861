#!/usr/bin/env python3
"""Per-thread counts of a JVM process, for scripts/perf-breakdown.sh (issue 20).

  thread-counts.py snap PID FILE before|after   each thread's name, CPU ticks, context switches and allocated bytes,
                                                with the times they were read
  thread-counts.py diff BEFORE AFTER RATE       what each thread group did between the snapshots, per request
                                                (RATE requests a second over the time between the readings)

A voluntary context switch is the thread going to sleep (so, later, one wake-up); an involuntary one is the scheduler
taking the core away (that one depends on the machine's load). Both from /proc/PID/task/TID/status. Allocated bytes
from `jcmd PID Thread.print -e` (HotSpot's per-thread allocation counters, rounded to K/M/G).
"""
import json, os, re, subprocess, sys, time

UNITS = {"B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def group(name):
    """Threads of one kind share a group: numbers dropped."""
    return re.sub(r"\d+", "#", name)


def read_proc(pid):
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
    return threads, time.monotonic()


def read_allocations(pid):
    """{tid: (full name, allocated bytes)} and the time of the reading (the middle of the jcmd call)."""
    start = time.monotonic()
    # The client's scheduling (chrt when it runs real-time), so that a busy machine does not hold the dump up.
    prefix = ["chrt", "-f", "10"] if os.sched_getscheduler(int(pid)) == os.SCHED_FIFO else []
    try:
        dump = subprocess.run(prefix + ["jcmd", str(pid), "Thread.print", "-e"], capture_output=True, text=True,
                              timeout=60).stdout
    except subprocess.TimeoutExpired:
        dump = ""
    middle = (start + time.monotonic()) / 2
    found = {}
    for m in re.finditer(r'^"(.*?)".*?\[(\d+)\].*?allocated=(\d+)([BKMG])', dump, re.M):
        name, tid, amount, unit = m.groups()
        found[tid] = (name, int(amount) * UNITS[unit])
    return found, middle


def snap(pid, path, which):
    # Before the window the slow jcmd call comes first, after it last: /proc is read right at the window's edges.
    if which == "before":
        allocations, t_alloc = read_allocations(pid)
        threads, t_proc = read_proc(pid)
    else:
        threads, t_proc = read_proc(pid)
        allocations, t_alloc = read_allocations(pid)
    for tid, (name, amount) in allocations.items():
        if tid in threads:
            threads[tid]["name"] = name  # the full Java name (comm is cut at 15 characters)
            threads[tid]["alloc"] = amount
    with open(path, "w") as f:
        json.dump({"t_proc": t_proc, "t_alloc": t_alloc, "allocations_read": bool(allocations),
                   "threads": threads}, f)


def diff(before_path, after_path, rate):
    first, last = json.load(open(before_path)), json.load(open(after_path))
    before, after = first["threads"], last["threads"]
    rate = float(rate)
    n = rate * (last["t_proc"] - first["t_proc"])
    n_alloc = rate * (last["t_alloc"] - first["t_alloc"])
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
    read = first["allocations_read"] and last["allocations_read"]
    print(f"  threads over {n / rate:.1f} s ({n:.0f} requests), allocations over {n_alloc / rate:.1f} s"
          + ("" if read else " (jcmd failed: allocations not read)"))
    print(f"  {'thread (group)':<34} {'threads':>7} {'sleeps/req':>10} {'preempt/req':>11} {'cpu us/req':>10}"
          f" {'alloc B/req':>11}")
    total = [0, 0, 0.0, 0]
    for name, (vol, invol, cpu, alloc, count) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
        for i, v in enumerate((vol, invol, cpu, alloc)):
            total[i] += v
        if vol / n < 0.01 and cpu * 1e6 / n < 1 and alloc / n_alloc < 16:
            continue
        print(f"  {name[:34]:<34} {count:>7} {vol / n:>10.2f} {invol / n:>11.2f} {cpu * 1e6 / n:>10.0f}"
              f" {alloc / n_alloc:>11.0f}")
    print(f"  {'all threads':<34} {'':>7} {total[0] / n:>10.2f} {total[1] / n:>11.2f} {total[2] * 1e6 / n:>10.0f}"
          f" {total[3] / n_alloc:>11.0f}")


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        snap(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        diff(sys.argv[2], sys.argv[3], sys.argv[4])
