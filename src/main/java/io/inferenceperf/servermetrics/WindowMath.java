package io.inferenceperf.servermetrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Pure arithmetic on samples with the same definitions Prometheus uses, so the direct-scrape mode produces the
 * same report as the PromQL queries: linear interpolation inside a histogram bucket ({@code histogram_quantile}),
 * and {@code quantile_over_time}'s rank {@code q*(n-1)} interpolation for gauges.
 */
public final class WindowMath {
  private WindowMath() {}

  /**
   * The q-quantile of a cumulative bucketed histogram, as {@code histogram_quantile} computes it.
   *
   * @param cumulativeByUpperBound cumulative count per {@code le}, including {@code +Inf}
   * @return NaN when there are no observations or no {@code +Inf} bucket
   */
  public static double histogramQuantile(double q, NavigableMap<Double, Double> cumulativeByUpperBound) {
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (cumulativeByUpperBound.size() < 2 || cumulativeByUpperBound.lastKey() != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    double[] bounds = new double[cumulativeByUpperBound.size()];
    double[] counts = new double[bounds.length];
    int i = 0;
    double runningMax = 0;
    for (Map.Entry<Double, Double> e : cumulativeByUpperBound.entrySet()) {
      bounds[i] = e.getKey();
      // Buckets scraped at slightly different moments can be non-monotonic; Prometheus evens them out too.
      runningMax = Math.max(runningMax, e.getValue());
      counts[i] = runningMax;
      i++;
    }
    double observations = counts[counts.length - 1];
    if (observations <= 0) {
      return Double.NaN;
    }
    double rank = q * observations;
    int b = 0;
    while (b < counts.length - 1 && counts[b] < rank) {
      b++;
    }
    if (b == counts.length - 1) {
      return bounds[counts.length - 2];
    }
    if (b == 0 && bounds[0] <= 0) {
      return bounds[0];
    }
    double bucketStart = 0;
    double bucketEnd = bounds[b];
    double countInBucket = counts[b];
    if (b > 0) {
      bucketStart = bounds[b - 1];
      countInBucket -= counts[b - 1];
      rank -= counts[b - 1];
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / countInBucket);
  }

  /** {@code quantile_over_time}: rank {@code q*(n-1)}, linear interpolation; NaN for no samples. */
  public static double sampleQuantile(double q, double[] values) {
    if (values.length == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double rank = q * (sorted.length - 1);
    int lower = (int) Math.floor(rank);
    int upper = Math.min(lower + 1, sorted.length - 1);
    double weight = rank - lower;
    return sorted[lower] * (1 - weight) + sorted[upper] * weight;
  }

  public static double mean(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  public static double max(double[] values) {
    double max = Double.NaN;
    for (double v : values) {
      max = Double.isNaN(max) ? v : Math.max(max, v);
    }
    return max;
  }

  /**
   * Increase of one counter series from {@code base} through {@code values}: a drop means the counter was reset
   * to zero, so the value after the drop is all new increase (Prometheus' reset rule).
   */
  public static double counterIncrease(double base, double[] values) {
    return increase(base, values).total();
  }

  /** A counter's increase and whether it was reset on the way. */
  public record Increase(double total, boolean reset) {}

  public static Increase increase(double base, double[] values) {
    double total = 0;
    double previous = base;
    boolean reset = false;
    for (double v : values) {
      if (v >= previous) {
        total += v - previous;
      } else {
        total += v;
        reset = true;
      }
      previous = v;
    }
    return new Increase(total, reset);
  }

  /**
   * Increase of one series over the window (start, end]: from its last value at or before {@code start} (0 when it
   * had none: the series was created inside the window) through its values up to {@code end}.
   */
  public static Increase windowIncrease(long[] timesMillis, double[] values, long startMillis, long endMillis) {
    double base = 0;
    int i = 0;
    while (i < timesMillis.length && timesMillis[i] <= startMillis) {
      base = values[i];
      i++;
    }
    int from = i;
    while (i < timesMillis.length && timesMillis[i] <= endMillis) {
      i++;
    }
    return increase(base, Arrays.copyOfRange(values, from, i));
  }

  /** Average of the per-series values that are numbers; null when none is. */
  static Double averageOfFinite(List<Double> perSeries) {
    double sum = 0;
    int n = 0;
    for (Double v : perSeries) {
      if (v != null && !v.isNaN()) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  static Double maxOfFinite(List<Double> perSeries) {
    Double max = null;
    for (Double v : perSeries) {
      if (v != null && !v.isNaN()) {
        max = max == null ? v : Math.max(max, v);
      }
    }
    return max;
  }

  /** NaN and infinities become null: JSON has no place for them and they mean "no value". */
  static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** Rounds to 6 decimals like inference-perf's reports, keeping null. */
  static Double round6(Double v) {
    if (v == null) {
      return null;
    }
    return Math.rint(v * 1e6) / 1e6;
  }
}
