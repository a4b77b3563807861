package io.inferenceperf.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Set once when the run must stop (Ctrl-C, SIGTERM, or the tool itself): no new request is sent, requests in flight
 * get the grace period, and everything measured is reported with the stop's status. Whoever waits on the engine's
 * clock is woken through the listeners.
 */
public final class StopSignal {
  private volatile String reason;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public void stop(String why) {
    if (reason == null) reason = why;
    listeners.forEach(Runnable::run);
  }

  public boolean stopped() {
    return reason != null;
  }

  public String reason() {
    return reason;
  }

  /** Runs {@code listener} at every {@link #stop} call (e.g. to wake a waiting thread); cheap and non-blocking. */
  public void onStop(Runnable listener) {
    listeners.add(listener);
    if (stopped()) listener.run();
  }
}
