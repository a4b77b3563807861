package io.inferenceperf.schedule;

import java.util.SplittableRandom;

/**
 * A Poisson process: independent exponential gaps with mean 1/rate, drawn from a seeded generator, until the
 * duration is reached. Memoryless (no rescaling of the total), so the count varies around rate x duration.
 */
public record PoissonArrivals(double rate, long durationNanos, long seed) implements ArrivalSchedule {

  public PoissonArrivals {
    if (!(rate > 0)) throw new IllegalArgumentException("rate must be > 0, got " + rate);
  }

  @Override
  public Cursor cursor() {
    SplittableRandom random = new SplittableRandom(seed);
    double meanGapNanos = 1e9 / rate;
    return new Cursor() {
      private double offsetNanos;
      private boolean first = true;

      @Override
      public long nextOffsetNanos() {
        if (first) {
          first = false; // the first request leaves at the stage start, like the constant schedule
        } else {
          offsetNanos += -Math.log(1.0 - random.nextDouble()) * meanGapNanos;
        }
        return offsetNanos < durationNanos ? (long) offsetNanos : -1;
      }
    };
  }

  /** Counts the arrivals by walking the schedule (used for the dry-run plan). */
  public long count() {
    Cursor cursor = cursor();
    long n = 0;
    while (cursor.nextOffsetNanos() >= 0) n++;
    return n;
  }
}
