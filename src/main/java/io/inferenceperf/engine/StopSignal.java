package io.inferenceperf.engine;

/**
 * Set once when the run must stop (Ctrl-C, SIGTERM): no new request is sent, requests in flight get the grace
 * period, and everything measured is reported as interrupted.
 */
public final class StopSignal {
  private volatile String reason;

  public void stop(String why) {
    if (reason == null) reason = why;
    synchronized (this) {
      notifyAll();
    }
  }

  public boolean stopped() {
    return reason != null;
  }

  public String reason() {
    return reason;
  }

  /** Sleeps up to {@code nanos}, returning early when stopped. */
  public void sleep(long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    synchronized (this) {
      long left;
      while (!stopped() && (left = deadline - System.nanoTime()) > 0) {
        wait(Math.max(1, left / 1_000_000), 0);
      }
    }
  }
}
