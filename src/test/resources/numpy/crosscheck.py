"""Independent oracle for our lifecycle reports.

Recomputes every distribution and rate of the stage and summary reports from the per-request file with numpy,
using the formulas of docs/metrics.md, and exits non-zero listing every value that differs.
Usage: crosscheck.py PER_REQUEST_JSON REPORT_JSON STAGE_ID|summary
"""
import json
import sys

import numpy as np

PERCENTILES = [0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9]


def summarize(values):
    if len(values) == 0:
        return None
    out = {"mean": float(np.mean(values)), "min": float(np.min(values)), "max": float(np.max(values))}
    for p in PERCENTILES:
        out["median" if p == 50 else f"p{p:g}"] = float(np.percentile(values, p))
    return out


def expected_report(entries):
    ok = [e for e in entries if e["error"] is None]
    bad = [e for e in entries if e["error"] is not None]
    total_time = max(e["end_time"] for e in entries) - min(e["start_time"] for e in entries)
    sent = [e["start_time"] for e in entries if e["sent"]]
    latency, ntpot, tpot, ttft, itl, from_intended = [], [], [], [], [], []
    out_total = 0
    for e in ok:
        rm = e["info"]["response_metrics"]
        n_out = rm["output_tokens"]  # use_server_output_tokens is off
        out_total += n_out
        lat = e["end_time"] - e["start_time"]
        latency.append(lat)
        from_intended.append(e["end_time"] - e["scheduled_time"])
        ntpot.append(lat / n_out if n_out > 0 else 0.0)
        times = rm.get("output_token_times") or []
        if len(times) >= 1:
            ttft.append(times[0] - e["start_time"])
        if len(times) > 1 and n_out > 1:
            tpot.append((times[-1] - times[0]) / (n_out - 1))
        itl.extend(t2 - t1 for t1, t2 in zip(times, times[1:]))
    in_total = sum(e["info"]["request_metrics"]["text"]["input_tokens"] for e in ok)
    return {
        "benchmark_time_seconds": total_time,
        "load_summary.count": len(entries),
        "load_summary.schedule_delay": summarize([e["start_time"] - e["scheduled_time"] for e in entries if e["sent"]]),
        "load_summary.achieved_rate": len(sent) / (max(sent) - min(sent)) if len(sent) > 1 else 0.0,
        "successes.count": len(ok),
        "successes.latency.request_latency": summarize(latency),
        "successes.latency.normalized_time_per_output_token": summarize(ntpot),
        "successes.latency.time_per_output_token": summarize(tpot),
        "successes.latency.time_to_first_token": summarize(ttft),
        "successes.latency.inter_token_latency": summarize(itl),
        "successes.latency.request_latency_from_intended": summarize(from_intended),
        "successes.throughput.input_tokens_per_sec": in_total / total_time,
        "successes.throughput.output_tokens_per_sec": out_total / total_time,
        "successes.throughput.total_tokens_per_sec": (in_total + out_total) / total_time,
        "successes.throughput.requests_per_sec": len(ok) / total_time,
        "failures.count": len(bad),
        "failures.request_latency": summarize([e["end_time"] - e["start_time"] for e in bad]),
    }


def lookup(report, dotted):
    node = report
    for part in dotted.split("."):
        node = node[part]
    return node


def close(a, b):
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-12 + 1e-9 * abs(b)


def main():
    per_request, report_file, which = sys.argv[1:4]
    entries = json.load(open(per_request))
    expected = expected_report(entries if which == "summary" else [e for e in entries if e["stage_id"] == int(which)])
    if which == "summary":
        del expected["load_summary.achieved_rate"]
    report = json.load(open(report_file))
    problems = []
    checked = 0
    for key, want in expected.items():
        got = lookup(report, key)
        if isinstance(want, dict) or want is None:
            if (want is None) != (got is None):
                problems.append(f"{key}: expected {want}, got {got}")
                continue
            for stat, value in (want or {}).items():
                checked += 1
                if not close(got.get(stat), value):
                    problems.append(f"{key}.{stat}: numpy {value!r}, report {got.get(stat)!r}")
        else:
            checked += 1
            if not close(got, want):
                problems.append(f"{key}: numpy {want!r}, report {got!r}")
    for problem in problems:
        print(problem)
    print(f"{checked} values checked, {len(problems)} differ")
    sys.exit(1 if problems else 0)


main()
