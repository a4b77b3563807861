package io.inferenceperf.metrics;

import java.util.Locale;

/** How a stage or the whole run ended, written as {@code "status"} in the reports. */
public enum RunStatus {
  /** Ran to its end (all requests finished or were cut at the stage end as configured). */
  COMPLETED,
  /** Stopped early by the user (Ctrl-C, SIGTERM). */
  INTERRUPTED,
  /** Stopped early by the tool (circuit breaker, fatal error). */
  FAILED;

  /** The report spelling: lower case. */
  public String reportName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
