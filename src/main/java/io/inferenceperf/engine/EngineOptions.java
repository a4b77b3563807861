package io.inferenceperf.engine;

/**
 * Engine timing knobs.
 *
 * @param stageGraceNanos how long after an open-loop stage's duration late requests may still be sent and requests
 *     in flight may still finish (after a stop: how long requests in flight may still finish)
 * @param leadNanos the most time spent preparing requests before a stage's clock starts
 * @param prepareAhead how many requests are prepared ahead of their send time
 */
public record EngineOptions(long stageGraceNanos, long leadNanos, int prepareAhead) {
  public static EngineOptions withGraceSeconds(double graceSeconds) {
    return new EngineOptions(Math.round(graceSeconds * 1e9), 2_000_000_000L, Preparer.DEFAULT_AHEAD);
  }
}
