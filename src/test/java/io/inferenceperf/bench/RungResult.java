package io.inferenceperf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measured rung: what the tool reported for its measured stage, what the simulator says really happened, and
 * whether the rung meets the accuracy criteria (issue 6, point 2). Times in milliseconds.
 *
 * @param requestedRate requested req/s of the measured stage
 * @param achievedRate achieved req/s as the tool computes it (count over the send window)
 * @param count requests of the measured stage; successes those that succeeded
 * @param clientCpuMicrosPerRequest the tool's own client_resources figure for the measured stage
 * @param simCpuMicrosPerRequest simulator process CPU over the same stretch, per request
 * @param peakRssBytes the tool's peak RSS (VmHWM) as it reported it
 * @param truthCount requests the simulator completed in its truth window (must equal successes)
 * @param busyBeforePercent share of all CPUs busy just before the rung (other work on the machine)
 * @param otherCores CPU used during the measured stage by anything but the client and the simulator, in cores
 * @param loadAfter 1-minute load average when the rung ended
 * @param stallP99Ms the harness's {@link StallProbe} over the measured stage: how late a 1 ms sleep woke, p99
 * @param stallMaxMs the same, max: the machine's own hiccups, a floor under any schedule delay
 */
record RungResult(
    double requestedRate,
    double achievedRate,
    long count,
    long successes,
    double delayP50Ms,
    double delayP99Ms,
    double delayMaxMs,
    double clientCpuMicrosPerRequest,
    double simCpuMicrosPerRequest,
    long peakRssBytes,
    int gcPauses,
    double gcPauseMaxMs,
    Quantiles ttft,
    Quantiles itl,
    long truthCount,
    double busyBeforePercent,
    double otherCores,
    double loadAfter,
    double stallP99Ms,
    double stallMaxMs) {

  /** Client and truth p50/p99 of one latency. */
  record Quantiles(double clientP50, double clientP99, double truthP50, double truthP99) {
    double errorP50() {
      return clientP50 - truthP50;
    }

    double errorP99() {
      return clientP99 - truthP99;
    }
  }

  /** The limits of issue 6, point 2. */
  record Criteria(double minAchievedRatio, double maxDelayP99Ms, double maxErrorP50Ms, double maxErrorP99Ms) {
    static final Criteria ISSUE_6 = new Criteria(0.995, 2.0, 0.3, 1.0);
  }

  /**
   * Reads a rung from the tool's stage report and the simulator's truth.
   *
   * @param stage the measured stage's {@code stage_N_lifecycle_metrics.json}
   * @param truth {@code GET /debug/truth} after the stage
   */
  static RungResult of(JsonNode stage, JsonNode truth, double simCpuSeconds, double busyBeforePercent,
      double machineBusySeconds, double loadAfter, double[] stall) {
    JsonNode load = stage.path("load_summary");
    JsonNode delay = load.path("schedule_delay");
    JsonNode latency = stage.path("successes").path("latency");
    JsonNode resources = stage.path("client_resources");
    long count = load.path("count").asLong();
    double stageSeconds = stage.path("benchmark_time_seconds").asDouble(Double.NaN);
    double clientCpu = resources.path("cpu_seconds").asDouble(Double.NaN);
    double other = (machineBusySeconds - clientCpu - simCpuSeconds) / stageSeconds;
    return new RungResult(
        load.path("requested_rate").asDouble(Double.NaN),
        load.path("achieved_rate").asDouble(Double.NaN),
        count,
        stage.path("successes").path("count").asLong(),
        ms(delay.path("median")),
        ms(delay.path("p99")),
        ms(delay.path("max")),
        resources.path("cpu_microseconds_per_request").asDouble(Double.NaN),
        count > 0 ? simCpuSeconds * 1e6 / count : Double.NaN,
        resources.path("peak_rss_bytes").asLong(-1),
        resources.path("gc_pauses").asInt(-1),
        ms(resources.path("gc_pause_max_seconds")),
        quantiles(latency.path("time_to_first_token"), truth.path("ttft")),
        quantiles(latency.path("inter_token_latency"), truth.path("itl")),
        truth.path("completed").asLong(-1),
        busyBeforePercent,
        other,
        loadAfter,
        stall[0],
        stall[1]);
  }

  private static Quantiles quantiles(JsonNode client, JsonNode truth) {
    return new Quantiles(ms(client.path("median")), ms(client.path("p99")),
        truth.path("p50_ms").asDouble(Double.NaN), truth.path("p99_ms").asDouble(Double.NaN));
  }

  private static double ms(JsonNode seconds) {
    return seconds.isNumber() ? seconds.asDouble() * 1e3 : Double.NaN;
  }

  /** Why the rung misses the criteria; empty when it meets them all. */
  List<String> failures(Criteria limits) {
    List<String> problems = new ArrayList<>();
    if (!(achievedRate >= limits.minAchievedRatio() * requestedRate)) {
      problems.add(String.format(Locale.ROOT, "achieved %.1f%% < %.1f%%", 100 * achievedRate / requestedRate,
          100 * limits.minAchievedRatio()));
    }
    if (!(delayP99Ms <= limits.maxDelayP99Ms())) {
      problems.add(String.format(Locale.ROOT, "schedule delay p99 %.2f ms > %.1f ms", delayP99Ms,
          limits.maxDelayP99Ms()));
    }
    check(problems, "TTFT", ttft, limits);
    check(problems, "ITL", itl, limits);
    if (successes != count) problems.add((count - successes) + " failed requests");
    if (truthCount != successes) {
      problems.add("truth window holds " + truthCount + " requests, the stage " + successes
          + " (truth reset missed the stage start)");
    }
    return problems;
  }

  private static void check(List<String> problems, String name, Quantiles q, Criteria limits) {
    if (!(Math.abs(q.errorP50()) <= limits.maxErrorP50Ms())) {
      problems.add(String.format(Locale.ROOT, "%s p50 error %+.3f ms", name, q.errorP50()));
    }
    if (!(Math.abs(q.errorP99()) <= limits.maxErrorP99Ms())) {
      problems.add(String.format(Locale.ROOT, "%s p99 error %+.3f ms", name, q.errorP99()));
    }
  }

  boolean passes(Criteria limits) {
    return failures(limits).isEmpty();
  }
}
