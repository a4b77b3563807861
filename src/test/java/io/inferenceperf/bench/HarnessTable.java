package io.inferenceperf.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Markdown rendering of the ladder and its target verdicts (targets 1-3 of issue 6). */
final class HarnessTable {
  private HarnessTable() {}

  static final String LADDER_HEADER = """
      | req/s | achieved | sched. delay p50 / p99 / max (ms) | client CPU us/req | sim CPU us/req \
      | peak RSS MB | GC pauses (max ms) | TTFT p50 truth / err (ms) | TTFT p99 truth / err | ITL p50 truth / err \
      | ITL p99 truth / err | busy before / other cores / load | machine stall p99 / max (ms) | criteria |
      |---:|---:|---|---:|---:|---:|---:|---|---|---|---|---|---|---|""";

  static String ladderRow(RungResult r) {
    List<String> failures = r.failures(RungResult.Criteria.ISSUE_6);
    return String.format(Locale.ROOT,
        "| %.0f | %.1f (%.2f%%) | %.3f / %.3f / %.1f | %.0f | %.0f | %d | %d (%.0f) | %s | %s | %s | %s "
            + "| %.0f%% / %.2f / %.1f | %.2f / %.1f | %s |",
        r.requestedRate(), r.achievedRate(), 100 * r.achievedRate() / r.requestedRate(), r.delayP50Ms(),
        r.delayP99Ms(), r.delayMaxMs(), r.clientCpuMicrosPerRequest(), r.simCpuMicrosPerRequest(),
        r.peakRssBytes() / (1024 * 1024), r.gcPauses(), r.gcPauseMaxMs(),
        cell(r.ttft().truthP50(), r.ttft().errorP50()), cell(r.ttft().truthP99(), r.ttft().errorP99()),
        cell(r.itl().truthP50(), r.itl().errorP50()), cell(r.itl().truthP99(), r.itl().errorP99()),
        r.busyBeforePercent(), r.otherCores(), r.loadAfter(), r.stallP99Ms(), r.stallMaxMs(), failures.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", failures));
  }

  private static String cell(double truth, double error) {
    return String.format(Locale.ROOT, "%.3f / %+.3f", truth, error);
  }

  static String ladderNotes(List<RungResult> results) {
    return """
        err = client's percentile - simulator's true percentile (ms). Criteria (issue 6, point 2): achieved >= \
        99.5%, schedule delay p99 <= 2 ms, |err| <= 0.3 ms at p50 and <= 1 ms at p99 for TTFT and ITL, no failures, \
        truth and report covering the same requests. Client CPU: the tool's client_resources for the measured \
        stage (process CPU time, all threads). Sim CPU: the simulator process over the same stretch. Busy before: \
        share of both CPUs in use just before the rung; other cores: CPU used during the measured stage by \
        anything else on the machine (a shared machine's noise), in cores. Machine stall: how late a 1 ms sleep \
        of the harness (same niceness) woke during the measured stage, a floor under any schedule delay.""";
  }

  /** Prints the verdict of targets 1-3; returns whether all hold. */
  static boolean ladderTargets(List<RungResult> results, PrintStream out) {
    RungResult reference = results.stream()
        .filter(r -> r.requestedRate() == PerfHarness.REFERENCE_RATE).findFirst().orElse(null);
    double highest = results.stream().filter(r -> r.passes(RungResult.Criteria.ISSUE_6))
        .mapToDouble(RungResult::requestedRate).max().orElse(0);
    boolean cpu = reference != null && reference.clientCpuMicrosPerRequest() <= PerfHarness.CPU_TARGET_MICROS;
    boolean accuracy = reference != null && reference.passes(RungResult.Criteria.ISSUE_6);
    boolean rate = highest >= PerfHarness.GOAL_RATE;
    out.println();
    out.println("| target | measured | verdict |");
    out.println("|---|---|---|");
    out.println(String.format(Locale.ROOT, "| 1. client CPU <= %.0f us per streamed request (at %.0f req/s) | %s | %s |",
        PerfHarness.CPU_TARGET_MICROS, PerfHarness.REFERENCE_RATE,
        reference == null ? "rung not run" : String.format(Locale.ROOT, "%.0f us", reference.clientCpuMicrosPerRequest()),
        verdict(cpu)));
    out.println(String.format(Locale.ROOT, "| 2. %.0f req/s: achieved, schedule delay, TTFT/ITL error | %s | %s |",
        PerfHarness.REFERENCE_RATE,
        reference == null ? "rung not run" : reference.failures(RungResult.Criteria.ISSUE_6).isEmpty()
            ? "all criteria met" : String.join("; ", reference.failures(RungResult.Criteria.ISSUE_6)),
        verdict(accuracy)));
    out.println(String.format(Locale.ROOT, "| 3. highest rate meeting point 2 >= %.0f req/s | %s | %s |",
        PerfHarness.GOAL_RATE, highest > 0 ? String.format(Locale.ROOT, "%.0f req/s", highest) : "none",
        verdict(rate)));
    return cpu && accuracy && rate;
  }

  static String verdict(boolean met) {
    return met ? "PASS" : "FAIL";
  }
}
