package io.inferenceperf.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * inference-perf's {@code summarize(values)} result in report units: mean, min, max and the requested percentiles.
 *
 * @param count how many values were summarized
 * @param percentiles percentile (0-100) to value, in the order requested
 * @param exact true when the percentiles come from every raw value, false when from the HDR histogram
 */
public record DistributionSummary(
    long count, double mean, double min, double max, Map<Double, Double> percentiles, boolean exact) {

  public DistributionSummary {
    percentiles = Collections.unmodifiableMap(new LinkedHashMap<>(percentiles));
  }

  /** The value at percentile {@code p}, or NaN when it was not computed. */
  public double percentile(double p) {
    Double value = percentiles.get(p);
    return value == null ? Double.NaN : value;
  }

  /** The summary of {@code count} copies of one value (e.g. zero images per request), or null when count is 0. */
  public static DistributionSummary constant(long count, double value, List<Double> percentiles) {
    if (count == 0) {
      return null;
    }
    Map<Double, Double> values = new LinkedHashMap<>();
    for (double p : percentiles) {
      values.put(p, value);
    }
    return new DistributionSummary(count, value, value, value, values, true);
  }
}
