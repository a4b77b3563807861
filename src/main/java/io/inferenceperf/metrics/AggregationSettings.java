package io.inferenceperf.metrics;

import io.inferenceperf.config.ReportConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the aggregation needs from {@code report.request_lifecycle} and {@code report.goodput}, plus our memory bound.
 *
 * @param percentiles the percentiles written in every distribution (report.request_lifecycle.percentiles)
 * @param useServerOutputTokens normalize by the server's completion_tokens when reported
 * @param maxErrorMessages distinct messages kept per failure label
 * @param goodputConstraints SLO constraints in seconds keyed by ttft, tpot, itl, ntpot, request_latency; empty = off
 * @param exactValuesCap raw values kept per distribution for exact percentiles; past it percentiles come from HDR
 */
public record AggregationSettings(
    List<Double> percentiles,
    boolean useServerOutputTokens,
    int maxErrorMessages,
    Map<String, Double> goodputConstraints,
    int exactValuesCap) {

  /** 4,194,304 values (32 MiB of longs) per distribution. */
  public static final int DEFAULT_EXACT_VALUES_CAP = 1 << 22;

  /**
   * @throws IllegalArgumentException naming the config key when a percentile is outside [0, 100] or a goodput
   *     constraint is not a positive number
   */
  public AggregationSettings {
    percentiles = List.copyOf(percentiles);
    for (double p : percentiles) {
      if (!(p >= 0 && p <= 100)) {
        throw new IllegalArgumentException(
            "report.request_lifecycle.percentiles: " + p + " is not a percentile; use values from 0 to 100");
      }
    }
    if (goodputConstraints != null) {
      goodputConstraints.forEach((key, limit) -> {
        if (limit == null || !(limit > 0)) {
          throw new IllegalArgumentException(
              "report.goodput.constraints." + key + ": " + limit + " must be a positive number of seconds");
        }
      });
    }
    goodputConstraints = goodputConstraints == null ? Map.of() : new LinkedHashMap<>(goodputConstraints);
    if (exactValuesCap < 0) {
      throw new IllegalArgumentException("exactValuesCap must be >= 0, got " + exactValuesCap);
    }
  }

  public static AggregationSettings defaults() {
    return from(ReportConfig.defaults());
  }

  public static AggregationSettings from(ReportConfig report) {
    return from(report, DEFAULT_EXACT_VALUES_CAP);
  }

  public static AggregationSettings from(ReportConfig report, int exactValuesCap) {
    ReportConfig.RequestLifecycle lifecycle =
        report.requestLifecycle() == null ? ReportConfig.RequestLifecycle.defaults() : report.requestLifecycle();
    List<Double> percentiles =
        lifecycle.percentiles() == null ? ReportConfig.RequestLifecycle.DEFAULT_PERCENTILES : lifecycle.percentiles();
    Map<String, Double> constraints = report.goodput() == null ? null : report.goodput().constraints();
    return new AggregationSettings(
        percentiles, lifecycle.useServerOutputTokens(), lifecycle.maxErrorMessages(), constraints, exactValuesCap);
  }

  public AggregationSettings withExactValuesCap(int cap) {
    return new AggregationSettings(percentiles, useServerOutputTokens, maxErrorMessages, goodputConstraints, cap);
  }

  public boolean goodputEnabled() {
    return !goodputConstraints.isEmpty();
  }
}
