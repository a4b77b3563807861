package io.inferenceperf.config;

import java.util.List;
import java.util.Map;

/** The {@code report} section. */
public record ReportConfig(RequestLifecycle requestLifecycle, PrometheusReport prometheus, Goodput goodput,
    SessionLifecycle sessionLifecycle) {

  public ReportConfig {
    sessionLifecycle = sessionLifecycle == null ? SessionLifecycle.defaults() : sessionLifecycle;
  }

  /** The section with report.session_lifecycle at its defaults. */
  public ReportConfig(RequestLifecycle requestLifecycle, PrometheusReport prometheus, Goodput goodput) {
    this(requestLifecycle, prometheus, goodput, null);
  }

  /** {@code report.session_lifecycle}: the session reports of a session-graph replay. */
  public record SessionLifecycle(boolean summary, boolean perStage, boolean perSession) {
    /** Every key at its default in {@link ConfigSchema}. */
    public static SessionLifecycle defaults() {
      return new SessionLifecycle(SchemaDefaults.bool("report.session_lifecycle.summary"),
          SchemaDefaults.bool("report.session_lifecycle.per_stage"),
          SchemaDefaults.bool("report.session_lifecycle.per_session"));
    }
  }

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

    /** report.request_lifecycle.percentiles when not given (from {@link ConfigSchema}). */
    public static final List<Double> DEFAULT_PERCENTILES =
        SchemaDefaults.numbers("report.request_lifecycle.percentiles");

    /** Every key at its default in {@link ConfigSchema}. */
    public static RequestLifecycle defaults() {
      String at = "report.request_lifecycle.";
      return new RequestLifecycle(
          SchemaDefaults.bool(at + "summary"),
          SchemaDefaults.bool(at + "per_stage"),
          SchemaDefaults.bool(at + "per_request"),
          SchemaDefaults.bool(at + "per_adapter"),
          SchemaDefaults.bool(at + "per_adapter_stage"),
          DEFAULT_PERCENTILES,
          SchemaDefaults.bool(at + "use_server_output_tokens"),
          SchemaDefaults.integer(at + "max_error_messages"));
    }
  }

  /** {@code report.prometheus}. */
  public record PrometheusReport(boolean summary, boolean perStage) {
    /** Every key at its default in {@link ConfigSchema}. */
    public static PrometheusReport defaults() {
      return new PrometheusReport(
          SchemaDefaults.bool("report.prometheus.summary"), SchemaDefaults.bool("report.prometheus.per_stage"));
    }
  }

  /** {@code report.goodput}: constraints in seconds keyed by ttft, tpot, itl, ntpot, request_latency. */
  public record Goodput(Map<String, Double> constraints) {}

  public static ReportConfig defaults() {
    return new ReportConfig(RequestLifecycle.defaults(), PrometheusReport.defaults(), null);
  }
}
