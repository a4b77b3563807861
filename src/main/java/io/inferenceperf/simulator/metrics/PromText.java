package io.inferenceperf.simulator.metrics;

/**
 * Builds a Prometheus text exposition (format 0.0.4): one HELP and TYPE line per family, then its samples;
 * histograms as cumulative {@code _bucket{le=...}} series ending in {@code +Inf}, then {@code _sum} and
 * {@code _count}. Labels are given pre-rendered, e.g. {@code engine="0",model_name="m"}, or empty.
 */
final class PromText {
  private final StringBuilder out = new StringBuilder(16 * 1024);

  PromText counter(String name, String help, String labels, double value) {
    family(name, "counter", help);
    return sample(name, labels, value);
  }

  PromText gauge(String name, String help, String labels, double value) {
    family(name, "gauge", help);
    return sample(name, labels, value);
  }

  PromText histogram(String name, String help, String labels, BucketHistogram histogram) {
    family(name, "histogram", help);
    double[] bounds = histogram.upperBounds();
    long[] cumulative = histogram.cumulativeCounts();
    String prefix = labels.isEmpty() ? "" : labels + ",";
    for (int i = 0; i < bounds.length; i++) {
      sample(name + "_bucket", prefix + "le=\"" + number(bounds[i]) + "\"", cumulative[i]);
    }
    long count = cumulative[cumulative.length - 1];
    sample(name + "_bucket", prefix + "le=\"+Inf\"", count);
    sample(name + "_sum", labels, histogram.sum());
    return sample(name + "_count", labels, count);
  }

  /** Starts a family whose samples the caller adds with {@link #sample}. */
  PromText family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  PromText sample(String name, String labels, double value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ').append(number(value)).append('\n');
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /**
   * A label value in quotes, escaped as the exposition format wants: backslash, double quote and line feed (the
   * only escapes a Prometheus parser accepts).
   */
  static String quoteLabel(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** A float the way Python's prometheus client prints it: 3.0, 0.25, 1.5E-5, +Inf. */
  static String number(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return (long) value + ".0";
    }
    return Double.toString(value);
  }
}
