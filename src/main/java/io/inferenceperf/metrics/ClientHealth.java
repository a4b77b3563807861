package io.inferenceperf.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the load generator itself kept up with the schedule in a stage, so that a report can vouch for its own
 * numbers. It did not when it sent slower than asked (achieved rate below {@code minRateRatio} of the requested rate,
 * rate stages only), sent late (schedule_delay p99 above {@code maxScheduleDelayP99Nanos}), read so late that some
 * token times may be off by more than a millisecond (kernel timestamps only), or never sent some of the stage's
 * planned requests before its grace period ended.
 *
 * @param requestedRate the stage's requested rate, NaN when unknown or for concurrent stages
 * @param achievedRate requests sent / (max sent - min sent), 0 when the send window is empty (as inference-perf)
 * @param warning why it did not keep up, with a hint; null when it kept up
 */
public record ClientHealth(
    boolean keptUp,
    double requestedRate,
    double achievedRate,
    double scheduleDelayP50Seconds,
    double scheduleDelayP99Seconds,
    double scheduleDelayMaxSeconds,
    String warning) {

  /** The limits of "kept up". */
  public record Thresholds(double minRateRatio, long maxScheduleDelayP99Nanos) {
    public static final Thresholds DEFAULT = new Thresholds(0.99, 10_000_000L);
  }

  /**
   * @param info the stage's plan
   * @param stage what it measured
   * @param notSent planned requests that were never sent although the stage ran to its end (0 for a stopped stage)
   */
  public static ClientHealth assess(StageInfo info, Summary stage, long notSent, Thresholds limits) {
    double sendSeconds = stage.sendDurationNanos() / 1e9;
    double achieved = stage.achievedRate();
    DistributionSummary delay = stage.distribution(Metric.SCHEDULE_DELAY);
    double p50 = delay == null ? Double.NaN : delay.percentile(50.0);
    double p99 = delay == null ? Double.NaN : delay.percentile(99.0);
    double max = delay == null ? Double.NaN : delay.max();
    boolean rateChecked = !info.concurrent() && info.hasRequestedRate() && info.requestedRate() > 0 && sendSeconds > 0;
    double requested = info.concurrent() ? Double.NaN : info.requestedRate();

    List<String> problems = new ArrayList<>();
    if (rateChecked && achieved < limits.minRateRatio() * info.requestedRate()) {
      problems.add(
          String.format(
              Locale.ROOT,
              "achieved %.2f req/s of %.2f requested (%.1f%%, limit %.0f%%)",
              achieved,
              info.requestedRate(),
              100 * achieved / info.requestedRate(),
              100 * limits.minRateRatio()));
    }
    if (delay != null && p99 * 1e9 > limits.maxScheduleDelayP99Nanos()) {
      problems.add(
          String.format(
              Locale.ROOT,
              "schedule delay p99 %.1f ms > %.1f ms",
              p99 * 1e3,
              limits.maxScheduleDelayP99Nanos() / 1e6));
    }
    long uncertain = stage.count(Count.UNCERTAIN_ARRIVALS);
    if (uncertain > 0) {
      DistributionSummary uncertainty = stage.distribution(Metric.ARRIVAL_UNCERTAINTY);
      problems.add(String.format(Locale.ROOT, "read responses late: the token times of %d requests may be off by more"
          + " than %.0f ms (arrival uncertainty p99 %.1f ms, max %.1f ms)", uncertain,
          Metric.UNCERTAIN_ARRIVAL_NANOS / 1e6, uncertainty.percentile(99.0) * 1e3, uncertainty.max() * 1e3));
    }
    if (notSent > 0) {
      problems.add(String.format(Locale.ROOT, "%d of %d planned requests never sent", notSent,
          info.plannedRequests()));
    }
    String warning =
        problems.isEmpty()
            ? null
            : "load generator fell behind: "
                + String.join("; ", problems)
                + ". Latencies from the send time hide this delay (request_latency_from_intended includes it);"
                + " raise load.num_workers or lower the rate.";
    return new ClientHealth(problems.isEmpty(), requested, achieved, p50, p99, max, warning);
  }
}
