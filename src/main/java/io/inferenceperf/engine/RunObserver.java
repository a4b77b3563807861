package io.inferenceperf.engine;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.SessionRecord;
import io.inferenceperf.schedule.StagePlan;

/**
 * Receives what a run produces, in order, on a single thread (the recorder thread): a stage's start, each of its
 * records, then its end. Implementations need no locking but must not block for long: records queue up behind
 * them (memory is bounded by the recorder queue, and the send path never waits for observers).
 */
public interface RunObserver {

  default void stageStarted(StagePlan plan, StageClock clock) {}

  void record(RequestRecord record);

  default void stageEnded(StagePlan plan, StageOutcome outcome) {}

  /** A replayed session graph ended (after its requests' records, before its stage's end). */
  default void sessionEnded(SessionRecord session) {}

  /**
   * When the stage started.
   *
   * @param startNanos monotonic clock reading at the stage start (the first intended send time)
   * @param startEpochMillis wall-clock time at the same moment, for correlation with outside systems only
   */
  record StageClock(long startNanos, long startEpochMillis) {}
}
