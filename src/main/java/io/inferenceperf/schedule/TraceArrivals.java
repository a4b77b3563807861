package io.inferenceperf.schedule;

/**
 * A trace_replay stage's arrivals: request i is due at trace row i's offset from the first row, for the first
 * {@code count} rows. Every stage replays the trace from its first row (as inference-perf's trace timer does).
 */
public record TraceArrivals(TraceTimes times, long count) implements ArrivalSchedule {

  public TraceArrivals {
    if (count < 0 || count > times.rows()) {
      throw new IllegalArgumentException("count must be in [0, " + times.rows() + "], got " + count);
    }
  }

  /** The requests of a stage: {@code wanted} of them, or every row when the trace is shorter. */
  public static TraceArrivals firstRows(TraceTimes times, long wanted) {
    return new TraceArrivals(times, Math.min(Math.max(0, wanted), times.rows()));
  }

  /** The due time of the last request, from the stage start (0 without requests). */
  public long lastOffsetNanos() {
    return count == 0 ? 0 : times.offsetNanos(count - 1);
  }

  @Override
  public Cursor cursor() {
    return new Cursor() {
      private long next;

      @Override
      public long nextOffsetNanos() {
        return next < count ? times.offsetNanos(next++) : -1;
      }
    };
  }
}
