package io.inferenceperf.engine;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.SessionRecord;
import io.inferenceperf.schedule.StagePlan;

/**
 * Carries what the engine produces to the {@link RunObserver}, in order: stage starts, records, stage ends.
 * {@link ThreadedRecorder} does it on its own thread in a run; {@link DirectRecorder} on the caller's thread, for
 * the engine's tests in virtual time.
 */
interface RecordSink extends AutoCloseable {

  /** Called on the sender's threads: must stay cheap. */
  void recordFinished(RequestRecord record);

  void stageStarted(StagePlan plan, RunObserver.StageClock clock);

  void stageEnded(StagePlan plan, StageOutcome outcome);

  /** A replayed session ended; called by the stage's pacer after its events' records were handed over. */
  void sessionEnded(SessionRecord session);

  /** Returns once everything passed in before the call has reached the observer. */
  void flush() throws InterruptedException;

  @Override
  void close();
}
