package io.inferenceperf.results;

import io.inferenceperf.metrics.StageInfo;

/**
 * A stage began.
 *
 * @param loadType constant, poisson or concurrent
 * @param rate requests per second of an open-loop stage, NaN for a concurrent one
 * @param durationNanos how long an open-loop stage schedules arrivals for, 0 for a concurrent one
 * @param planned requests the stage plans to send
 * @param concurrency requests kept in flight by a concurrent stage, 0 for an open-loop one
 * @param seed the stage's seed
 * @param startNanos the stage's start (its first intended send time), since the file's origin
 * @param startEpochMillis the same instant on the wall clock
 */
public record StageStart(
    int stageId,
    String loadType,
    double rate,
    long durationNanos,
    long planned,
    int concurrency,
    long seed,
    long startNanos,
    long startEpochMillis) {

  /** What the stage asked for, as the reports state it. */
  public StageInfo info() {
    StageInfo info = concurrency > 0 ? StageInfo.concurrent(planned, concurrency) : StageInfo.rate(rate, planned);
    return SESSION_LOAD_TYPE.equals(loadType) ? info.asSessionStage() : info;
  }

  /** The load type of session stages (multi-turn sessions and session graphs). */
  static final String SESSION_LOAD_TYPE = "trace_session_replay";

  StageStart shifted(long nanos) {
    return new StageStart(stageId, loadType, rate, durationNanos, planned, concurrency, seed, startNanos + nanos,
        startEpochMillis);
  }
}
