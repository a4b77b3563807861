package io.inferenceperf.simulator.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A Prometheus-style histogram with fixed upper bounds: thread-safe, lock-free, constant memory. Counts are per
 * bucket (not cumulative); {@link #cumulativeCounts} gives the {@code le} series.
 */
final class BucketHistogram {
  private final double[] upperBounds;
  private final AtomicLongArray counts;
  private final DoubleAdder sum = new DoubleAdder();

  BucketHistogram(double... upperBounds) {
    this.upperBounds = upperBounds.clone();
    this.counts = new AtomicLongArray(upperBounds.length + 1); // the last slot is +Inf
  }

  void observe(double value) {
    int index = 0;
    while (index < upperBounds.length && value > upperBounds[index]) {
      index++;
    }
    counts.incrementAndGet(index);
    sum.add(value);
  }

  double[] upperBounds() {
    return upperBounds.clone();
  }

  /** Counts of observations <= each bound, then the total (+Inf). */
  long[] cumulativeCounts() {
    long[] cumulative = new long[counts.length()];
    long running = 0;
    for (int i = 0; i < cumulative.length; i++) {
      running += counts.get(i);
      cumulative[i] = running;
    }
    return cumulative;
  }

  double sum() {
    return sum.sum();
  }

  long count() {
    long total = 0;
    for (int i = 0; i < counts.length(); i++) {
      total += counts.get(i);
    }
    return total;
  }

  /** Bounds 1, 2, 5, 10, 20, 50, ... up to {@code max} (as vLLM builds its token-count buckets). */
  static double[] oneTwoFive(long max) {
    java.util.List<Double> bounds = new java.util.ArrayList<>();
    for (long scale = 1; scale <= max; scale *= 10) {
      for (long factor : new long[] {1, 2, 5}) {
        if (scale * factor <= max) {
          bounds.add((double) (scale * factor));
        }
      }
    }
    return bounds.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
