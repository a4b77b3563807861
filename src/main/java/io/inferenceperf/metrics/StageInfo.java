package io.inferenceperf.metrics;

/**
 * What the load generator asked of a stage, for the stage report's load_summary and client_health.
 *
 * @param requestedRate requests per second asked for; for concurrent stages inference-perf reports the request count
 *     here (it runs them as "rate = num_requests over 1 s"), and we do the same for compatibility
 * @param concurrencyLevel the concurrency of a concurrent (closed-loop) stage, 0 for rate stages
 * @param plannedRequests requests the stage planned to send, -1 when unknown
 * @param sessionStage a trace_session_replay stage: when it ran to its end every session did, and a request it did
 *     not send depended on one that failed (the server's doing, not a client that fell behind)
 */
public record StageInfo(double requestedRate, int concurrencyLevel, long plannedRequests, boolean sessionStage) {

  public StageInfo(double requestedRate, int concurrencyLevel, long plannedRequests) {
    this(requestedRate, concurrencyLevel, plannedRequests, false);
  }

  /** The same plan, of a trace_session_replay stage. */
  public StageInfo asSessionStage() {
    return new StageInfo(requestedRate, concurrencyLevel, plannedRequests, true);
  }

  /** A constant or poisson stage planning {@code planned} requests. */
  public static StageInfo rate(double requestedRate, long planned) {
    return new StageInfo(requestedRate, 0, planned);
  }

  /** A concurrent stage of {@code numRequests} requests with {@code concurrencyLevel} in flight. */
  public static StageInfo concurrent(long numRequests, int concurrencyLevel) {
    return new StageInfo(numRequests, concurrencyLevel, numRequests);
  }

  /** Used when records arrive for a stage nobody announced: nothing is known. */
  public static StageInfo unknown() {
    return new StageInfo(Double.NaN, 0, -1);
  }

  public boolean concurrent() {
    return concurrencyLevel > 0;
  }

  public boolean hasRequestedRate() {
    return !Double.isNaN(requestedRate);
  }

  public boolean hasPlan() {
    return plannedRequests >= 0;
  }

  /** The same stage asked of several load generators at once: rates and plans add up. */
  public StageInfo plus(StageInfo other) {
    if (!hasPlan()) return other;
    if (!other.hasPlan()) return this;
    return new StageInfo(requestedRate + other.requestedRate, concurrencyLevel + other.concurrencyLevel,
        plannedRequests + other.plannedRequests, sessionStage || other.sessionStage);
  }
}
