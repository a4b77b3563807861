package io.inferenceperf.breaker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A condition over a breaker's samples (hit or miss, each with its time and the id of its request); once it fires it
 * can say which hits made it fire.
 */
public sealed interface Trigger permits Trigger.Consecutive, Trigger.RateOverWindow {

  /** Adds a sample taken at {@code nanos}, of request {@code id}; returns whether the trigger fires now. */
  boolean add(boolean hit, long nanos, long id);

  /** {@link #add(boolean, long, long)} for a sample without a request id. */
  default boolean add(boolean hit, long nanos) {
    return add(hit, nanos, -1);
  }

  /** The ids of the hits the condition holds on now, oldest first (those that made it fire, once it has). */
  List<Long> evidence();

  /** What the trigger is, in config terms, e.g. "consecutive (threshold 10)". */
  String describe();

  /** {@code type: consecutive}: fires when {@code threshold} hits come in a row (a miss resets the count). */
  final class Consecutive implements Trigger {
    private final int threshold;
    private final ArrayDeque<Long> run = new ArrayDeque<>();

    public Consecutive(int threshold) {
      if (threshold < 1) throw new IllegalArgumentException("threshold must be >= 1, got " + threshold);
      this.threshold = threshold;
    }

    @Override
    public boolean add(boolean hit, long nanos, long id) {
      if (!hit) {
        run.clear();
        return false;
      }
      run.addLast(id);
      if (run.size() > threshold) run.removeFirst(); // only the last threshold hits can be the evidence
      return run.size() >= threshold;
    }

    @Override
    public List<Long> evidence() {
      return List.copyOf(run);
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
    /** Samples in the window: {time, 1 for a hit else 0, request id}. */
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
    public boolean add(boolean hit, long nanos, long id) {
      samples.addLast(new long[] {nanos, hit ? 1 : 0, id});
      hits += hit ? 1 : 0;
      while (!samples.isEmpty() && samples.peekFirst()[0] <= nanos - windowNanos) {
        hits -= (int) samples.removeFirst()[1];
      }
      return samples.size() >= minSamples && !samples.isEmpty() && (double) hits / samples.size() >= threshold;
    }

    @Override
    public List<Long> evidence() {
      List<Long> ids = new ArrayList<>(hits);
      for (long[] sample : samples) {
        if (sample[1] == 1) ids.add(sample[2]);
      }
      return List.copyOf(ids);
    }

    /** Samples in the window now. */
    public int windowSamples() {
      return samples.size();
    }

    @Override
    public String describe() {
      return "rate_over_window (window_sec " + trim(windowNanos / 1e9) + ", threshold " + trim(threshold)
          + ", min_samples " + minSamples + ")";
    }

    private static String trim(double value) {
      return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
  }
}
