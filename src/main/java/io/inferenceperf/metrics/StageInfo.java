package io.inferenceperf.metrics;

/**
 * What the load generator asked of a stage, for the stage report's load_summary and client_health.
 *
 * @param requestedRate requests per second asked for; for concurrent stages inference-perf reports the request count
 *     here (it runs them as "rate = num_requests over 1 s"), and we do the same for compatibility
 * @param concurrencyLevel the concurrency of a concurrent (closed-loop) stage, 0 for rate stages
 */
public record StageInfo(double requestedRate, int concurrencyLevel) {

  /** A constant or poisson stage. */
  public static StageInfo rate(double requestedRate) {
    return new StageInfo(requestedRate, 0);
  }

  /** A concurrent stage of {@code numRequests} requests with {@code concurrencyLevel} in flight. */
  public static StageInfo concurrent(int numRequests, int concurrencyLevel) {
    return new StageInfo(numRequests, concurrencyLevel);
  }

  /** Used when records arrive for a stage nobody announced: no rate is known. */
  public static StageInfo unknown() {
    return new StageInfo(Double.NaN, 0);
  }

  public boolean concurrent() {
    return concurrencyLevel > 0;
  }

  public boolean hasRequestedRate() {
    return !Double.isNaN(requestedRate);
  }
}
