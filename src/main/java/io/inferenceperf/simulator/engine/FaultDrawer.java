package io.inferenceperf.simulator.engine;

import io.inferenceperf.simulator.options.FaultOptions;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Draws each request's faults from a seeded generator. Every request consumes the same number of draws whatever
 * the options, so the sequence of decisions depends only on the seed and the arrival order. Faults stop once the
 * shared budget (fault_max_count) is spent. Confined to one engine thread, except the budget.
 */
public final class FaultDrawer {
  private final FaultOptions options;
  private final SplittableRandom random;
  private final AtomicLong budget;
  private final AtomicLong arrivals;

  /**
   * @param budget faults left to inject, shared by every replica; Long.MAX_VALUE for no limit
   */
  public FaultDrawer(FaultOptions options, long seed, AtomicLong budget) {
    this(options, seed, budget, new AtomicLong());
  }

  /** @param arrivals requests drawn for so far, shared by every replica (for fault_after_count) */
  public FaultDrawer(FaultOptions options, long seed, AtomicLong budget, AtomicLong arrivals) {
    this.options = options;
    this.random = new SplittableRandom(seed);
    this.budget = budget;
    this.arrivals = arrivals;
  }

  /** The faults of the next request, which will generate {@code targetTokens} tokens. */
  public FaultPlan draw(int targetTokens) {
    if (!options.any()) {
      return FaultPlan.NONE;
    }
    double statusDraw = random.nextDouble();
    int status = statusFor(statusDraw);
    boolean cut = random.nextDouble() < options.cutFraction();
    int cutAt = targetTokens <= 1 ? 0 : 1 + random.nextInt(targetTokens - 1);
    boolean stallFirst = random.nextDouble() < options.stallFirstFraction();
    boolean stallBetween = random.nextDouble() < options.stallBetweenFraction();
    int stallAt = targetTokens <= 1 ? -1 : 1 + random.nextInt(targetTokens - 1);
    boolean slowHeaders = random.nextDouble() < options.slowHeadersFraction();
    boolean malformed = random.nextDouble() < options.malformedFraction();
    int malformedAt = random.nextInt(Math.max(1, targetTokens));
    if (arrivals.incrementAndGet() <= options.afterCount()) {
      return FaultPlan.NONE;
    }
    if (status != 0) {
      return take() ? new FaultPlan(status, -1, 0, -1, 0, 0, -1) : FaultPlan.NONE;
    }
    return new FaultPlan(
        0,
        cut && take() ? cutAt : -1,
        stallFirst && take() ? millisToNanos(options.stallFirstMs()) : 0,
        stallBetween && stallAt > 0 && take() ? stallAt : -1,
        millisToNanos(options.stallBetweenMs()),
        slowHeaders && take() ? millisToNanos(options.slowHeadersMs()) : 0,
        malformed && take() ? malformedAt : -1);
  }

  private int statusFor(double draw) {
    if (draw < options.fraction429()) {
      return 429;
    }
    if (draw < options.fraction429() + options.fraction500()) {
      return 500;
    }
    if (draw < options.fraction429() + options.fraction500() + options.fraction503()) {
      return 503;
    }
    return 0;
  }

  private boolean take() {
    return budget.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0;
  }

  public static long millisToNanos(double millis) {
    return Math.round(millis * 1_000_000.0);
  }
}
