package io.inferenceperf.config;

import java.util.List;
import java.util.Map;

/** The {@code report} section. */
public record ReportConfig(RequestLifecycle requestLifecycle, PrometheusReport prometheus, Goodput goodput) {

  /** {@code report.request_lifecycle}. */
  public record RequestLifecycle(
      boolean summary,
      boolean perStage,
      boolean perRequest,
      boolean perAdapter,
      boolean perAdapterStage,
      List<Double> percentiles,
      boolean useServerOutputTokens,
      int maxErrorMessages) {

    public static final List<Double> DEFAULT_PERCENTILES =
        List.of(0.1, 1.0, 5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9);

    public static RequestLifecycle defaults() {
      return new RequestLifecycle(true, true, false, true, false, DEFAULT_PERCENTILES, false, 100);
    }
  }

  /** {@code report.prometheus}. */
  public record PrometheusReport(boolean summary, boolean perStage) {
    public static PrometheusReport defaults() {
      return new PrometheusReport(true, false);
    }
  }

  /** {@code report.goodput}: constraints in seconds keyed by ttft, tpot, itl, ntpot, request_latency. */
  public record Goodput(Map<String, Double> constraints) {}

  public static ReportConfig defaults() {
    return new ReportConfig(RequestLifecycle.defaults(), PrometheusReport.defaults(), null);
  }
}
