package io.inferenceperf.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the load generator itself kept up with the schedule in a stage, so that a report can vouch for its own
 * numbers. It did not when it sent slower than asked (achieved rate below {@code minRateRatio} of the requested rate,
 * rate stages only) or sent late (schedule_delay p99 above {@code maxScheduleDelayP99Nanos}).
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

  public static ClientHealth assess(StageInfo info, StageAggregate stage, Thresholds limits) {
    double sendSeconds = stage.sendDurationNanos() / 1e9;
    double achieved = stage.achievedRate();
    LongDistribution delay = stage.scheduleDelayNanos();
    double[] delayP50P99 = delay.percentiles(List.of(50.0, 99.0));
    double p50 = delayP50P99[0] / 1e9;
    double p99 = delayP50P99[1] / 1e9;
    double max = delay.count() == 0 ? Double.NaN : delay.max() / 1e9;
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
    if (delay.count() > 0 && p99 * 1e9 > limits.maxScheduleDelayP99Nanos()) {
      problems.add(
          String.format(
              Locale.ROOT,
              "schedule delay p99 %.1f ms > %.1f ms",
              p99 * 1e3,
              limits.maxScheduleDelayP99Nanos() / 1e6));
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
