package io.inferenceperf.servermetrics;

/** A metric could not be read (connection refused, timeout, bad answer). Caught and turned into report data. */
public final class MetricsQueryException extends Exception {
  public MetricsQueryException(String message) {
    super(message);
  }

  public MetricsQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
