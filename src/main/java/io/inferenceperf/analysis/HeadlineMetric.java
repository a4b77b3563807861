package io.inferenceperf.analysis;

/**
 * The metrics {@code compare} judges, how each is computed from a (resampled) stage, and which way is better. Each
 * is computed over the requests given by an index array, so the bootstrap resamples requests.
 */
public enum HeadlineMetric {
  TTFT_MEAN("TTFT mean", "ms", false, "successes.latency.time_to_first_token.mean", 1000),
  TTFT_P90("TTFT p90", "ms", false, "successes.latency.time_to_first_token.p90", 1000),
  ITL_MEAN("ITL mean", "ms", false, "successes.latency.inter_token_latency.mean", 1000),
  LATENCY_P50("Request latency p50", "ms", false, "successes.latency.request_latency.median", 1000),
  LATENCY_P90("Request latency p90", "ms", false, "successes.latency.request_latency.p90", 1000),
  OUTPUT_TOKENS_PER_SEC("Output tokens/s", "tokens/s", true, "successes.throughput.output_tokens_per_sec", 1),
  ERROR_RATE("Error rate", "%", false, null, 100);

  public final String label;
  public final String unit;
  public final boolean higherIsBetter;
  /** Where a stage report holds it, or null when derived (error rate). */
  public final String reportPath;
  /** Multiplier from report units (seconds, fractions) to display units. */
  public final double scale;

  HeadlineMetric(String label, String unit, boolean higherIsBetter, String reportPath, double scale) {
    this.label = label;
    this.unit = unit;
    this.higherIsBetter = higherIsBetter;
    this.reportPath = reportPath;
    this.scale = scale;
  }

  /** The metric over the requests {@code idx} of {@code stage}, in display units; NaN when undefined. */
  double compute(StageSamples.Stage stage, int[] idx) {
    return switch (this) {
      case TTFT_MEAN -> mean(stage.ttft, idx) * scale;
      case TTFT_P90 -> percentile(stage.ttft, idx, 90) * scale;
      case ITL_MEAN -> pooledGap(stage, idx) * scale;
      case LATENCY_P50 -> percentile(stage.latency, idx, 50) * scale;
      case LATENCY_P90 -> percentile(stage.latency, idx, 90) * scale;
      case OUTPUT_TOKENS_PER_SEC -> tokens(stage, idx) / stage.spanSeconds();
      case ERROR_RATE -> failures(stage, idx) * scale / idx.length;
    };
  }

  private static double mean(double[] values, int[] idx) {
    double sum = 0;
    int n = 0;
    for (int i : idx) {
      if (!Double.isNaN(values[i])) {
        sum += values[i];
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** numpy's linear-interpolation percentile, as the reports compute it. */
  static double percentile(double[] values, int[] idx, double p) {
    double[] present = new double[idx.length];
    int n = 0;
    for (int i : idx) if (!Double.isNaN(values[i])) present[n++] = values[i];
    if (n == 0) return Double.NaN;
    double[] sorted = java.util.Arrays.copyOf(present, n);
    java.util.Arrays.sort(sorted);
    double rank = p / 100.0 * (n - 1);
    int low = (int) Math.floor(rank);
    int high = Math.min(n - 1, low + 1);
    return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
  }

  private static double pooledGap(StageSamples.Stage stage, int[] idx) {
    double sum = 0;
    long count = 0;
    for (int i : idx) {
      sum += stage.gapSum[i];
      count += stage.gapCount[i];
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  private static double tokens(StageSamples.Stage stage, int[] idx) {
    long sum = 0;
    for (int i : idx) sum += stage.outputTokens[i];
    return sum;
  }

  private static double failures(StageSamples.Stage stage, int[] idx) {
    int n = 0;
    for (int i : idx) if (stage.failed[i]) n++;
    return n;
  }
}
