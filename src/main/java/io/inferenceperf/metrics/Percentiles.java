package io.inferenceperf.metrics;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Percentiles the way {@code numpy.percentile(values, p)} computes them with its default ("linear") method, so our
 * reports match inference-perf's on the same data.
 *
 * <p>For n sorted values the virtual index is {@code (n - 1) * p / 100}; the result interpolates linearly between the
 * two neighbouring ranks. The interpolation is written in numpy's two-sided form (from the lower value when the
 * fraction is below one half, from the upper value otherwise), which gives bit-identical doubles for the same inputs.
 */
public final class Percentiles {

  /** Values by ascending rank; implemented by a sorted array (exact) or a histogram walk (HDR). */
  @FunctionalInterface
  public interface Ranked {
    double valueAt(long rank);
  }

  private Percentiles() {}

  /** numpy's linear percentile of {@code count} ranked values; {@code p} in [0, 100]. */
  public static double linear(Ranked ranked, long count, double p) {
    if (count <= 0) {
      throw new IllegalArgumentException("percentile of an empty set");
    }
    if (!(p >= 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be within [0, 100], got " + p);
    }
    double quantile = p / 100.0;
    double virtualIndex = (count - 1) * quantile;
    if (virtualIndex >= count - 1) {
      return ranked.valueAt(count - 1);
    }
    long below = (long) Math.floor(virtualIndex);
    double fraction = virtualIndex - below;
    return lerp(ranked.valueAt(below), ranked.valueAt(below + 1), fraction);
  }

  /** numpy's linear percentile over the first {@code count} entries of an ascending array. */
  public static double linear(double[] sortedValues, int count, double p) {
    return linear(rank -> sortedValues[(int) rank], count, p);
  }

  /** numpy's {@code _lerp}: exact at both ends, symmetric rounding in between. */
  static double lerp(double lower, double upper, double fraction) {
    double difference = upper - lower;
    return fraction >= 0.5 ? upper - difference * (1 - fraction) : lower + difference * fraction;
  }

  /**
   * The report key of a percentile, as inference-perf writes it: {@code "median"} for 50, else {@code "p"} followed by
   * Python's {@code format(p, "g")} (six significant digits, no trailing zeros: p0.1, p1, p99.9).
   */
  public static String key(double p) {
    if (p == 50) {
      return "median";
    }
    return "p" + formatG(p);
  }

  static String formatG(double value) {
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(6));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= 6) {
      BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
      String sign = exponent < 0 ? "-" : "+";
      return mantissa.toPlainString() + "e" + sign + String.format("%02d", Math.abs(exponent));
    }
    return rounded.stripTrailingZeros().toPlainString();
  }
}
