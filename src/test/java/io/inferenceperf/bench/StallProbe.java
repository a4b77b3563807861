package io.inferenceperf.bench;

import io.inferenceperf.metrics.ClientResources;
import org.HdrHistogram.Histogram;

/**
 * The machine's own scheduling hiccups, as a control for the tool's schedule delay: a thread of the harness (run at
 * the same niceness as the client) asks to sleep 1 ms over and over and records how late it wakes. When this probe
 * itself sees tens of milliseconds, so does every process on the machine, and no client can keep a tighter
 * schedule; the harness prints its p99 and max next to each run.
 */
final class StallProbe implements AutoCloseable {
  private static final long PERIOD_NANOS = 1_000_000;

  private final Histogram lateness = new Histogram(60_000_000_000L, 2);
  private final Thread thread;
  private volatile boolean running = true;

  StallProbe() {
    thread = new Thread(this::loop, "stall-probe");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      long late = ClientResources.parkLateness(PERIOD_NANOS);
      synchronized (lateness) {
        lateness.recordValue(Math.min(late, lateness.getHighestTrackableValue()));
      }
    }
  }

  /** Forgets what was seen so far. */
  void reset() {
    synchronized (lateness) {
      lateness.reset();
    }
  }

  /** {p99, max} lateness in milliseconds since the last reset. */
  double[] p99AndMaxMillis() {
    synchronized (lateness) {
      if (lateness.getTotalCount() == 0) return new double[] {Double.NaN, Double.NaN};
      return new double[] {lateness.getValueAtPercentile(99) / 1e6, lateness.getMaxValue() / 1e6};
    }
  }

  @Override
  public void close() {
    running = false;
  }
}
