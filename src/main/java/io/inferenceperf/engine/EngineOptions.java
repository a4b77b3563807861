package io.inferenceperf.engine;

/**
 * Engine timing knobs.
 *
 * @param stageGraceNanos how long after an open-loop stage's duration late requests may still be sent and requests
 *     in flight may still finish (after a stop: how long requests in flight may still finish)
 * @param leadNanos the most time spent preparing requests before a stage's clock starts
 * @param prepareAhead how many requests are prepared ahead of their send time
 * @param startAtEpochMillis the wall-clock instant the first stage starts at (load generators of one distributed run
 *     agree on it), or -1 to start as soon as the first requests are prepared
 * @param settleBetweenStages whether every record of a stage reaches the observers before the next stage may start
 *     (an observer that can stop the run, such as a circuit breaker, then decides on the whole stage first)
 */
public record EngineOptions(long stageGraceNanos, long leadNanos, int prepareAhead, long startAtEpochMillis,
    boolean settleBetweenStages) {
  public EngineOptions(long stageGraceNanos, long leadNanos, int prepareAhead) {
    this(stageGraceNanos, leadNanos, prepareAhead, -1);
  }

  public EngineOptions(long stageGraceNanos, long leadNanos, int prepareAhead, long startAtEpochMillis) {
    this(stageGraceNanos, leadNanos, prepareAhead, startAtEpochMillis, false);
  }

  public static EngineOptions withGraceSeconds(double graceSeconds) {
    return new EngineOptions(Math.round(graceSeconds * 1e9), 2_000_000_000L, Preparer.DEFAULT_AHEAD);
  }

  /** The same options with the first stage starting at {@code epochMillis} (-1: as soon as ready). */
  public EngineOptions withStartAt(long epochMillis) {
    return new EngineOptions(stageGraceNanos, leadNanos, prepareAhead, epochMillis, settleBetweenStages);
  }

  /** The same options preparing at most {@code requests} ahead (large bodies, such as requests with media). */
  public EngineOptions withPrepareAhead(int requests) {
    return new EngineOptions(stageGraceNanos, leadNanos, requests, startAtEpochMillis, settleBetweenStages);
  }

  /** The same options with each stage's records all observed before the next stage starts. */
  public EngineOptions withSettledStages() {
    return new EngineOptions(stageGraceNanos, leadNanos, prepareAhead, startAtEpochMillis, true);
  }
}
