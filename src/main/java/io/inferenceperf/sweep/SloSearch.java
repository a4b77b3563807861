package io.inferenceperf.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * The SLO capacity search (load.sweep.type: slo): the highest rate whose goodput stays at or above a target.
 * It brackets the rate (doubling from the start rate while the target is met, halving while it is not), bisects
 * the bracket with short stages until its width, relative to its low end, is at most the tolerance, then confirms
 * the low end with one full-length stage. A failed confirmation makes that rate the new high end and the search
 * goes on below it with full-length stages only: short stages just proved they pass rates a long one does not (a
 * queue that grows slowly above capacity needs time to break the target), and a rate met at full length needs no
 * further confirmation. Pure and deterministic: the same goodputs give the same stages. Not thread-safe.
 */
public final class SloSearch {

  /** Why a stage runs. */
  public enum Phase { BRACKET, BISECT, CONFIRM }

  /** A stage to run: its rate, why, and whether it runs for the full stage duration (confirmations always do). */
  public record Step(double rate, Phase phase, boolean fullLength) {
    public Step(double rate, Phase phase) {
      this(rate, phase, phase == Phase.CONFIRM);
    }

    public boolean confirming() {
      return phase == Phase.CONFIRM;
    }
  }

  /** A stage that ran and its goodput (percent of its requests that met every constraint). */
  public record Trial(Step step, double goodputPercent, boolean met) {}

  /**
   * The outcome.
   *
   * @param capacity the highest rate confirmed to meet the target; 0 when none was found
   * @param bracketLow highest rate seen to meet the target (0 = none)
   * @param bracketHigh lowest rate seen to miss it (+infinity = none)
   * @param confirmed whether a full-length stage at {@code capacity} met the target
   * @param stopReason why the search stopped, in words
   */
  public record Result(double capacity, double bracketLow, double bracketHigh, boolean confirmed,
      List<Trial> trials, String stopReason) {

    /** (high - low) / low: the search's resolution; infinite when either end is missing. */
    public double relativeWidth() {
      return bracketLow > 0 && Double.isFinite(bracketHigh) ? (bracketHigh - bracketLow) / bracketLow
          : Double.POSITIVE_INFINITY;
    }
  }

  /** Below this rate (req/s) nothing is tried: the server misses the target even nearly idle. */
  public static final double MIN_RATE = 0.01;

  private final double targetPercent;
  private final double tolerance;
  private final int maxStages;
  private final List<Trial> trials = new ArrayList<>();
  private double low;
  private double high = Double.POSITIVE_INFINITY;
  private Step pending;
  private String stopReason;
  private boolean confirmed;
  /** Set by a failed confirmation: from then on every stage is full-length. */
  private boolean longStagesOnly;
  /** The highest rate met by a full-length stage (0 = none). */
  private double metAtFullLength;

  /**
   * @param startRate the first rate tried
   * @param targetPercent the goodput to meet, percent
   * @param tolerance stop bisecting when (high - low) / low is at most this
   * @param maxStages most stages in all, confirmations included
   */
  public SloSearch(double startRate, double targetPercent, double tolerance, int maxStages) {
    if (!(startRate > 0) || !(tolerance > 0) || maxStages < 2) {
      throw new IllegalArgumentException("start rate and tolerance must be > 0, max stages >= 2");
    }
    this.targetPercent = targetPercent;
    this.tolerance = tolerance;
    this.maxStages = maxStages;
    this.pending = new Step(round(startRate), Phase.BRACKET);
  }

  /** The next stage to run, or null when the search is over. */
  public Step next() {
    return pending;
  }

  /** Records the goodput of the stage {@link #next()} returned and plans the one after. */
  public void record(double goodputPercent) {
    Step step = pending;
    if (step == null) throw new IllegalStateException("the search is over");
    boolean met = goodputPercent >= targetPercent;
    trials.add(new Trial(step, goodputPercent, met));
    if (met) {
      low = Math.max(low, step.rate());
      if (step.fullLength()) metAtFullLength = Math.max(metAtFullLength, step.rate());
    } else {
      high = Math.min(high, step.rate());
    }
    if (step.confirming() && met) {
      confirmed = true;
      finish("confirmed with a full-length stage");
      return;
    }
    if (step.confirming()) {
      low = highestMetBelow(step.rate());
      longStagesOnly = true;
    }
    pending = plan();
  }

  public Result result() {
    double capacity = confirmed ? low : 0;
    return new Result(capacity, low, high, confirmed, List.copyOf(trials), stopReason);
  }

  private Step plan() {
    if (trials.size() >= maxStages) {
      return finish("stopped after load.sweep.max_stages (" + maxStages + ") stages without a confirmation");
    }
    if (low == 0) {
      double half = high / 2;
      return half < MIN_RATE ? finish("the target is missed even at " + MIN_RATE + " req/s")
          : new Step(Math.max(round(half), MIN_RATE), Phase.BRACKET);
    }
    if (Double.isInfinite(high)) {
      return new Step(round(low * 2), Phase.BRACKET);
    }
    double mid = round((low + high) / 2);
    if ((high - low) / low <= tolerance || mid <= low || mid >= high) {
      if (metAtFullLength == low) { // the low end already ran full length and met the target
        confirmed = true;
        return finish("the bracket's low end met the target in a full-length stage");
      }
      return new Step(low, Phase.CONFIRM);
    }
    return new Step(mid, Phase.BISECT, longStagesOnly);
  }

  /** The highest short-stage rate below {@code rate} that met the target, or 0. */
  private double highestMetBelow(double rate) {
    return trials.stream().filter(t -> t.met() && t.step().rate() < rate).mapToDouble(t -> t.step().rate())
        .max().orElse(0);
  }

  private Step finish(String reason) {
    stopReason = reason;
    pending = null;
    return null;
  }

  /** Rates in hundredths of a request per second, as the sweep's stages. */
  static double round(double rate) {
    return Math.round(rate * 100) / 100.0;
  }
}
