package io.inferenceperf.analysis;

import com.fasterxml.jackson.databind.JsonNode;

/** One latency distribution of a stage report, in seconds as the report holds it: mean and three percentiles. */
public record Stat(double mean, double p50, double p90, double p99) {

  /** The four values, or null when the report has no such distribution (e.g. TTFT of a non-streaming run). */
  static Stat of(JsonNode distribution) {
    if (distribution == null || !distribution.isObject() || !distribution.path("mean").isNumber()) return null;
    return new Stat(distribution.path("mean").asDouble(), number(distribution, "median"),
        number(distribution, "p90"), number(distribution, "p99"));
  }

  private static double number(JsonNode node, String key) {
    JsonNode value = node.get(key);
    return value != null && value.isNumber() ? value.asDouble() : Double.NaN;
  }

  /** The value named by a chart series: mean, p50, p90 or p99. */
  public double get(Percentile which) {
    return switch (which) {
      case MEAN -> mean;
      case P50 -> p50;
      case P90 -> p90;
      case P99 -> p99;
    };
  }

  /** Which value of a distribution a series shows. */
  public enum Percentile {
    MEAN("Mean"), P50("p50"), P90("p90"), P99("p99");

    public final String label;

    Percentile(String label) {
      this.label = label;
    }
  }
}
