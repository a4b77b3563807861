package io.inferenceperf.metrics;

import io.inferenceperf.config.ReportConfig;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A bounded-memory distribution of long values (nanoseconds, picoseconds or counts) that yields numpy-identical
 * percentiles while it can, and HdrHistogram percentiles when it cannot.
 *
 * <p>Every value goes to two places: the raw values (until {@code exactCap} of them, then they are dropped) and an
 * HdrHistogram with 3 significant digits (always). The raw values live in memory, or, for an aggregate built with a
 * {@link SpillFile}, in one small heap block with the rest on disk until a report sorts them, so that a run's memory
 * stays flat. Count, sum, min, max and so the mean are exact in both modes; percentiles are exact while
 * {@link #exact()} holds, else within 0.05% of the true rank value (the midpoint of the histogram bucket, clamped to
 * [min, max]). Negative values (e.g. a request sent slightly early) are kept in a second histogram of magnitudes.
 *
 * <p>Not thread-safe: one aggregating thread owns it.
 */
public final class LongDistribution {

  /** Significant digits of every histogram: 0.1% bucket width. */
  public static final int HDR_SIGNIFICANT_DIGITS = 3;

  /** Percentiles computed along with any asked for: inference-perf's defaults, which the tables' ones are among. */
  private static final List<Double> COMMONLY_ASKED = ReportConfig.RequestLifecycle.DEFAULT_PERCENTILES;

  private ExactValues raw;
  // exact percentiles of the values as they were when count was exactCacheCount
  private Map<Double, Double> exactCache;
  private long exactCacheCount = -1;

  private long count;
  private long sumLow;
  private long sumHigh;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;

  private final Histogram nonNegative = new Histogram(HDR_SIGNIFICANT_DIGITS);
  private Histogram negativeMagnitudes;

  /**
   * A distribution that keeps its raw values in memory.
   *
   * @param exactCap how many raw values to keep for exact percentiles before switching to the histogram
   */
  public LongDistribution(int exactCap) {
    this(exactCap, null, 0);
  }

  /**
   * A distribution that holds at most {@code valuesInMemory} raw values on the heap and writes the rest to
   * {@code spill} (shared by the distributions of one aggregate), so its memory stays flat.
   */
  LongDistribution(int exactCap, SpillFile spill, int valuesInMemory) {
    if (exactCap < 0) {
      throw new IllegalArgumentException("exactCap must be >= 0, got " + exactCap);
    }
    this.raw = exactCap == 0 ? null : new ExactValues(exactCap, spill, valuesInMemory);
  }

  public void record(long value) {
    recordRepeated(value, 1);
  }

  /** Records {@code times} copies of {@code value} (e.g. the zero gaps between tokens of one chunk). */
  public void recordRepeated(long value, long times) {
    if (times <= 0) {
      return;
    }
    count += times;
    addToSum(value, times);
    min = Math.min(min, value);
    max = Math.max(max, value);
    histogramFor(value).recordValueWithCount(Math.abs(value), times);
    appendRaw(value, times);
  }

  /** Adds every value of {@code other} to this one; {@code other} is unchanged. */
  public void merge(LongDistribution other) {
    if (other.count == 0) {
      return;
    }
    count += other.count;
    long low = sumLow + other.sumLow;
    long carry = Long.compareUnsigned(low, sumLow) < 0 ? 1 : 0;
    sumLow = low;
    sumHigh += other.sumHigh + carry;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    nonNegative.add(other.nonNegative);
    if (other.negativeMagnitudes != null) {
      negatives().add(other.negativeMagnitudes);
    }
    if (raw != null && (other.raw == null || !raw.addAll(other.raw))) {
      raw = null;
    }
  }

  public long count() {
    return count;
  }

  public long min() {
    return min;
  }

  public long max() {
    return max;
  }

  /** The exact sum as a double (the internal sum is 128-bit and cannot overflow). */
  public double sum() {
    if (sumHigh < 0) {
      // A negative total: convert its magnitude and negate. Adding -2^64 to a value near 2^64 in doubles would
      // cancel every small digit (a sum of -1s came out as 0).
      long low = -sumLow;
      long high = ~sumHigh + (sumLow == 0 ? 1 : 0);
      return -(high * 0x1p64 + unsignedToDouble(low));
    }
    return sumHigh * 0x1p64 + unsignedToDouble(sumLow);
  }

  public double mean() {
    return count == 0 ? Double.NaN : sum() / count;
  }

  /** Read-backs of spilled values so far, -1 once the raw values are gone (for tests). */
  int readBacks() {
    return raw == null ? -1 : raw.readBacks();
  }

  /** True while percentiles are computed from every raw value (numpy-identical). */
  public boolean exact() {
    return raw != null;
  }

  /** The p-th percentile in the recorded unit; NaN when empty. */
  public double percentile(double p) {
    return percentiles(List.of(p))[0];
  }

  /**
   * The given percentiles in the recorded unit (NaN when empty). Exact ones are computed from one read-back of the
   * values for all of them, together with the usual report percentiles, and remembered until the next value arrives:
   * the stage report, the tables and the client-health check ask in turn, and a spilled distribution is read and
   * sorted only once.
   */
  public double[] percentiles(List<Double> ps) {
    double[] result = new double[ps.size()];
    if (count == 0) {
      Arrays.fill(result, Double.NaN);
      return result;
    }
    if (raw != null && !exactCacheHolds(ps)) {
      fillExactCache(ps);
    }
    for (int i = 0; i < result.length; i++) {
      double p = ps.get(i);
      result[i] = raw != null ? exactCache.get(p) : Percentiles.linear(this::histogramValueAtRank, count, p);
    }
    return result;
  }

  private boolean exactCacheHolds(List<Double> ps) {
    return exactCache != null && exactCacheCount == count && exactCache.keySet().containsAll(ps);
  }

  private void fillExactCache(List<Double> ps) {
    long[] sorted = raw.sorted();
    if (sorted == null) {
      raw = null; // the scratch file could not be read back: the histogram answers from now on
      exactCache = null;
      return;
    }
    Set<Double> wanted = new LinkedHashSet<>(ps);
    wanted.addAll(COMMONLY_ASKED);
    if (exactCache != null && exactCacheCount == count) {
      wanted.addAll(exactCache.keySet());
    }
    Map<Double, Double> computed = new HashMap<>();
    for (double p : wanted) {
      computed.put(p, Percentiles.linear(rank -> sorted[(int) rank], count, p));
    }
    exactCache = computed;
    exactCacheCount = count;
  }

  /**
   * The summary of this distribution in report units (every value is divided by {@code unitsPerReportUnit}, e.g.
   * 1e9 for nanoseconds to seconds), or null when empty, like inference-perf's {@code summarize}.
   */
  public DistributionSummary summarize(List<Double> percentiles, double unitsPerReportUnit) {
    if (count == 0) {
      return null;
    }
    Map<Double, Double> values = new LinkedHashMap<>();
    double[] computed = percentiles(percentiles);
    for (int i = 0; i < computed.length; i++) {
      values.put(percentiles.get(i), computed[i] / unitsPerReportUnit);
    }
    double u = unitsPerReportUnit;
    return new DistributionSummary(count, mean() / u, min / u, max / u, values, exact());
  }

  private Histogram histogramFor(long value) {
    return value < 0 ? negatives() : nonNegative;
  }

  private Histogram negatives() {
    if (negativeMagnitudes == null) {
      negativeMagnitudes = new Histogram(HDR_SIGNIFICANT_DIGITS);
    }
    return negativeMagnitudes;
  }

  private void addToSum(long value, long times) {
    long high = Math.multiplyHigh(value, times);
    long low = value * times;
    long newLow = sumLow + low;
    long carry = Long.compareUnsigned(newLow, sumLow) < 0 ? 1 : 0;
    sumLow = newLow;
    sumHigh += high + carry;
  }

  private static double unsignedToDouble(long value) {
    double d = (double) (value >>> 1) * 2.0;
    return d + (value & 1);
  }

  private void appendRaw(long value, long times) {
    if (raw != null && !raw.add(value, times)) {
      raw = null; // past the cap: the histogram answers from now on
    }
  }

  private double histogramValueAtRank(long rank) {
    long negativeCount = negativeMagnitudes == null ? 0 : negativeMagnitudes.getTotalCount();
    double value;
    if (rank < negativeCount) {
      value = -bucketValueAtRank(negativeMagnitudes, negativeCount - 1 - rank);
    } else {
      value = bucketValueAtRank(nonNegative, rank - negativeCount);
    }
    return Math.min(Math.max(value, min), max);
  }

  /** The midpoint of the bucket holding the value of ascending rank {@code rank}. */
  private static double bucketValueAtRank(Histogram histogram, long rank) {
    long seen = 0;
    for (HistogramIterationValue bucket : histogram.recordedValues()) {
      seen += bucket.getCountAtValueIteratedTo();
      if (seen > rank) {
        return histogram.medianEquivalentValue(bucket.getValueIteratedTo());
      }
    }
    return histogram.getMaxValue();
  }
}
