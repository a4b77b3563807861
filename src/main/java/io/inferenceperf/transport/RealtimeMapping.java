package io.inferenceperf.transport;

import java.time.Instant;

/**
 * Maps the kernel's receive timestamps (CLOCK_REALTIME) onto the tool's monotonic timeline
 * ({@link System#nanoTime()}, CLOCK_MONOTONIC on Linux). The offset between the two clocks is read from back-to-back
 * readings (the pair closest together of three), and read again every {@value #REFRESH_NANOS} ns so that NTP's slewing
 * of the real-time clock (at most 0.5 ms per second) never adds more than a few microseconds; a step of the clock is
 * picked up at the next refresh. One per event loop; not thread-safe.
 */
final class RealtimeMapping {
  static final long REFRESH_NANOS = 100_000_000L;

  private long offsetNanos;
  private long refreshedAtNanos = Long.MIN_VALUE;

  /** The monotonic reading of the same instant as {@code realtimeNanos}. */
  long toMonotonic(long realtimeNanos) {
    return realtimeNanos - offsetNanos;
  }

  /** Reads the offset again when the last reading is older than {@link #REFRESH_NANOS}. */
  void refreshIfDue(long nowNanos) {
    if (nowNanos - refreshedAtNanos >= REFRESH_NANOS) refresh();
  }

  void refresh() {
    long bestGap = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long before = System.nanoTime();
      Instant now = Instant.now();
      long after = System.nanoTime();
      long gap = after - before;
      if (gap < bestGap) {
        bestGap = gap;
        long real = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        offsetNanos = real - (before + gap / 2);
      }
    }
    refreshedAtNanos = System.nanoTime();
  }
}
