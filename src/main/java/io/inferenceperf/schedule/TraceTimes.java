package io.inferenceperf.schedule;

import java.util.Arrays;

/**
 * The rows of an arrival trace as offsets from its first row, in nanoseconds, never decreasing. Immutable: the
 * array is copied in and never handed out.
 */
public final class TraceTimes {
  private final long[] offsetsNanos;
  private final String source;

  /**
   * @param offsetsNanos each row's time from the first row's, in file order; must start at 0 and never decrease
   * @param source where the times come from (the file), for messages
   */
  public TraceTimes(long[] offsetsNanos, String source) {
    if (offsetsNanos.length == 0) throw new IllegalArgumentException(source + ": a trace needs at least one row");
    if (offsetsNanos[0] != 0) throw new IllegalArgumentException(source + ": the first row must be at offset 0");
    for (int i = 1; i < offsetsNanos.length; i++) {
      if (offsetsNanos[i] < offsetsNanos[i - 1]) {
        throw new IllegalArgumentException(source + ": row " + (i + 1) + " is earlier than the row before it");
      }
    }
    this.offsetsNanos = offsetsNanos.clone();
    this.source = source;
  }

  public int rows() {
    return offsetsNanos.length;
  }

  /** Row {@code index}'s offset from the first row. */
  public long offsetNanos(long index) {
    return offsetsNanos[Math.toIntExact(index)];
  }

  public String source() {
    return source;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TraceTimes t && source.equals(t.source) && Arrays.equals(offsetsNanos, t.offsetsNanos);
  }

  @Override
  public int hashCode() {
    return 31 * source.hashCode() + Arrays.hashCode(offsetsNanos);
  }

  @Override
  public String toString() {
    return source + " (" + rows() + " rows over " + offsetsNanos[offsetsNanos.length - 1] / 1e9 + " s)";
  }
}
