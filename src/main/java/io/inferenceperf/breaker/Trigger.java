package io.inferenceperf.breaker;

import java.util.ArrayDeque;

/** A condition over a breaker's samples (1 = hit, 0 = miss); fires at most once, then stays fired. */
public sealed interface Trigger permits Trigger.Consecutive, Trigger.RateOverWindow {

  /** Adds a sample taken at {@code nanos}; returns whether the trigger fires now. */
  boolean add(boolean hit, long nanos);

  /** What the trigger is, in config terms, e.g. "consecutive (threshold 10)". */
  String describe();

  /** {@code type: consecutive}: fires when {@code threshold} hits come in a row (a miss resets the count). */
  final class Consecutive implements Trigger {
    private final int threshold;
    private int run;

    public Consecutive(int threshold) {
      if (threshold < 1) throw new IllegalArgumentException("threshold must be >= 1, got " + threshold);
      this.threshold = threshold;
    }

    @Override
    public boolean add(boolean hit, long nanos) {
      run = hit ? run + 1 : 0;
      return run >= threshold;
    }

    @Override
    public String describe() {
      return "consecutive (threshold " + threshold + ")";
    }
  }

  /**
   * {@code type: rate_over_window}: over the samples of the last {@code window}, fires when there are at least
   * {@code minSamples} and the share of hits is at least {@code threshold}.
   */
  final class RateOverWindow implements Trigger {
    private final long windowNanos;
    private final double threshold;
    private final int minSamples;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private int hits;

    public RateOverWindow(double windowSeconds, double threshold, int minSamples) {
      if (!(windowSeconds > 0) || !(threshold >= 0 && threshold <= 1) || minSamples < 0) {
        throw new IllegalArgumentException("window_sec > 0, 0 <= threshold <= 1, min_samples >= 0");
      }
      this.windowNanos = Math.round(windowSeconds * 1e9);
      this.threshold = threshold;
      this.minSamples = minSamples;
    }

    @Override
    public boolean add(boolean hit, long nanos) {
      samples.addLast(new long[] {nanos, hit ? 1 : 0});
      hits += hit ? 1 : 0;
      while (!samples.isEmpty() && samples.peekFirst()[0] <= nanos - windowNanos) {
        hits -= (int) samples.removeFirst()[1];
      }
      return samples.size() >= minSamples && !samples.isEmpty() && (double) hits / samples.size() >= threshold;
    }

    @Override
    public String describe() {
      return "rate_over_window (window_sec " + windowNanos / 1e9 + ", threshold " + threshold + ", min_samples "
          + minSamples + ")";
    }
  }
}
