package io.inferenceperf.analysis;

/** The latency distributions the charts plot, with their report key and the names inference-perf's charts use. */
public enum LatencyMetric {
  TTFT("time_to_first_token", "Time to First Token", "TTFT"),
  NTPOT("normalized_time_per_output_token", "Norm. Time per Output Token", "Norm. Time"),
  ITL("inter_token_latency", "Inter-Token Latency", "ITL"),
  TPOT("time_per_output_token", "Time per Output Token", "TPOT"),
  REQUEST_LATENCY("request_latency", "Request Latency", "Request Latency");

  /** Key under {@code successes.latency}. */
  public final String reportKey;
  public final String title;
  public final String shortName;

  LatencyMetric(String reportKey, String title, String shortName) {
    this.reportKey = reportKey;
    this.title = title;
    this.shortName = shortName;
  }

  /** NTPOT and TPOT are per token, the others per request. */
  public String unitMillis() {
    return this == NTPOT || this == TPOT ? "ms/token" : "ms";
  }
}
