package io.inferenceperf.record;

import java.util.Locale;

/** How a stage or a whole run ended: one type for the engine, the aggregates and the reports ({@code "status"}). */
public enum Status {
  /** Ran to its end (every request finished, failed or was cut at the stage end as configured). */
  COMPLETED,
  /** Stopped early by the user (Ctrl-C, SIGTERM): what was measured is reported. */
  INTERRUPTED,
  /** Stopped early by the tool itself (a circuit breaker, a fatal error): what was measured is reported. */
  FAILED;

  /** The report spelling: lower case. */
  public String reportName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code name} in a report ({@code "completed"}, ...). */
  public static Status fromReportName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
