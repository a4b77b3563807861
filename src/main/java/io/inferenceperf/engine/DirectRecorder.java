package io.inferenceperf.engine;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.SessionRecord;
import io.inferenceperf.schedule.StagePlan;

/**
 * Hands everything to the observer at once, on the calling thread. For the engine in virtual time, where the sender's
 * completions run on the engine's own thread; a real run uses {@link ThreadedRecorder}, which keeps the observers'
 * work off the I/O threads.
 */
final class DirectRecorder implements RecordSink {
  private final RunObserver observer;

  DirectRecorder(RunObserver observer) {
    this.observer = observer;
  }

  @Override
  public synchronized void recordFinished(RequestRecord record) {
    observer.record(record);
  }

  @Override
  public synchronized void stageStarted(StagePlan plan, RunObserver.StageClock clock) {
    observer.stageStarted(plan, clock);
  }

  @Override
  public synchronized void stageEnded(StagePlan plan, StageOutcome outcome) {
    observer.stageEnded(plan, outcome);
  }

  @Override
  public synchronized void sessionEnded(SessionRecord session) {
    observer.sessionEnded(session);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
