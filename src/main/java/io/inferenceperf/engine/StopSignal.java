package io.inferenceperf.engine;

import io.inferenceperf.record.Status;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Set once when the run must stop (Ctrl-C, SIGTERM, or the tool itself): no new request is sent, requests in flight
 * get the grace period, and everything measured is reported with the stop's status. Whoever waits on the engine's
 * clock is woken through the listeners.
 *
 * <p>The tool can also end only the running stage ({@link #failStage}, an open circuit breaker with
 * load.circuit_breaker_stops: stage): {@link #stopped()} is then true until that stage has ended, and the run goes on
 * with the next one.
 */
public final class StopSignal {
  private volatile String reason;
  private volatile boolean failure;
  private volatile String stageReason;
  private volatile int runningStage = Integer.MIN_VALUE;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** Stops the run on the user's behalf (a signal): the run is interrupted. */
  public void stop(String why) {
    synchronized (this) {
      if (reason == null) reason = why;
    }
    listeners.forEach(Runnable::run);
  }

  /** Stops the run on the tool's own behalf (e.g. a circuit breaker opened): the run failed. */
  public void fail(String why) {
    synchronized (this) {
      if (reason == null) {
        reason = why;
        failure = true;
      }
    }
    listeners.forEach(Runnable::run);
  }

  /**
   * Ends stage {@code stageId} early, the run going on with the next stage; ignored once that stage is over (a late
   * verdict on its requests must not stop the next one).
   */
  public void failStage(int stageId, String why) {
    synchronized (this) {
      if (stageId != runningStage || stageReason != null) return;
      stageReason = why;
    }
    listeners.forEach(Runnable::run);
  }

  /** Whether the running stage must stop: the run was stopped, or the stage alone. */
  public boolean stopped() {
    return reason != null || stageReason != null;
  }

  /** Why: the run's stop, else the stage's; null when not stopped. */
  public String reason() {
    return reason != null ? reason : stageReason;
  }

  /** How the running stage ends now: completed, interrupted (by the user) or failed (stopped by the tool). */
  public Status stageStatus() {
    if (reason != null) return failure ? Status.FAILED : Status.INTERRUPTED;
    return stageReason != null ? Status.FAILED : Status.COMPLETED;
  }

  /** How a run whose stages ended as {@code stages} ended: as the run's stop says, else failed if a stage failed. */
  public Status runStatus(List<StageOutcome> stages) {
    if (reason != null) return failure ? Status.FAILED : Status.INTERRUPTED;
    return stages.stream().anyMatch(s -> s.status() == Status.FAILED) ? Status.FAILED : Status.COMPLETED;
  }

  /** The engine starts stage {@code stageId}: a stop of the previous stage alone is over. */
  void stageStarting(int stageId) {
    synchronized (this) {
      stageReason = null;
      runningStage = stageId;
    }
  }

  /** The engine is done with the running stage. */
  void stageOver() {
    synchronized (this) {
      stageReason = null;
      runningStage = Integer.MIN_VALUE;
    }
  }

  /** Runs {@code listener} at every {@link #stop} call (e.g. to wake a waiting thread); cheap and non-blocking. */
  public void onStop(Runnable listener) {
    listeners.add(listener);
    if (stopped()) listener.run();
  }
}
