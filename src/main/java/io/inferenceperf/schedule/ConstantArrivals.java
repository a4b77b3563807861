package io.inferenceperf.schedule;

/**
 * Evenly spaced arrivals: request i is due at i / rate seconds, for every i with that time before the duration.
 * (inference-perf's "constant" timer adds random jitter; ours is exactly periodic, which is what the name says.)
 */
public record ConstantArrivals(double rate, long durationNanos) implements ArrivalSchedule {

  public ConstantArrivals {
    if (!(rate > 0)) throw new IllegalArgumentException("rate must be > 0, got " + rate);
  }

  /** Number of arrivals: floor(rate x duration), as inference-perf's int(rate * duration). */
  public long count() {
    return (long) Math.floor(rate * durationNanos / 1e9 + 1e-9);
  }

  @Override
  public Cursor cursor() {
    long count = count();
    return new Cursor() {
      private long i;

      @Override
      public long nextOffsetNanos() {
        if (i >= count) return -1;
        // Computed from the index, not by adding a rounded period, so no drift accumulates.
        return Math.round(i++ * 1e9 / rate);
      }
    };
  }
}
