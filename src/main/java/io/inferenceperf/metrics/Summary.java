package io.inferenceperf.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The immutable result of aggregating one group of requests (a stage, or the run): what every report, table and
 * health check reads. Distributions are in report units (seconds, or counts) and carry the configured percentiles
 * plus {@link #STANDARD_PERCENTILES}.
 *
 * @param counts every {@link Count}
 * @param benchmarkTimeNanos max(end) - min(start) over every record (inference-perf's total_time), 0 when empty
 * @param sendDurationNanos max(sent) - min(sent) over the records that were sent, 0 when none
 * @param successTimeNanos max(end) - min(sent) over the successes (the goodput denominator), 0 when none
 * @param distributions the non-empty distributions
 * @param failures failures by label, highest count first
 * @param goodput the goodput block, null when no constraint is configured or no request succeeded
 */
public record Summary(
    Map<Count, Long> counts,
    long benchmarkTimeNanos,
    long sendDurationNanos,
    long successTimeNanos,
    Map<Metric, DistributionSummary> distributions,
    List<FailureTally.LabelCount> failures,
    GoodputTally.Result goodput) {

  /** Percentiles every summary has whatever the configuration asks: the tables' and the health check's. */
  public static final List<Double> STANDARD_PERCENTILES = List.of(50.0, 90.0, 99.0);

  public Summary {
    counts = Collections.unmodifiableMap(new EnumMap<>(counts));
    distributions = distributions.isEmpty()
        ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(distributions));
    failures = List.copyOf(failures);
  }

  /** {@code configured} followed by the standard percentiles it lacks. */
  static List<Double> withStandardPercentiles(List<Double> configured) {
    LinkedHashSet<Double> all = new LinkedHashSet<>(configured);
    all.addAll(STANDARD_PERCENTILES);
    return new ArrayList<>(all);
  }

  public long count(Count count) {
    return counts.getOrDefault(count, 0L);
  }

  /** The summary of {@code metric}, or null when it has no value. */
  public DistributionSummary distribution(Metric metric) {
    return distributions.get(metric);
  }

  /** Sent requests / send window (inference-perf's achieved_rate), 0 when the window is empty. */
  public double achievedRate() {
    double seconds = sendDurationNanos / 1e9;
    return seconds > 0 ? count(Count.SENT) / seconds : 0.0;
  }
}
