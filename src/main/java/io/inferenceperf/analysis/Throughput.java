package io.inferenceperf.analysis;

/** The throughput figures of {@code successes.throughput}. */
public enum Throughput {
  INPUT_TOKENS("input_tokens_per_sec", "Input Tokens/sec"),
  OUTPUT_TOKENS("output_tokens_per_sec", "Output Tokens/sec"),
  TOTAL_TOKENS("total_tokens_per_sec", "Total Tokens/sec"),
  REQUESTS("requests_per_sec", "Requests/sec");

  public final String reportKey;
  public final String label;

  Throughput(String reportKey, String label) {
    this.reportKey = reportKey;
    this.label = label;
  }
}
