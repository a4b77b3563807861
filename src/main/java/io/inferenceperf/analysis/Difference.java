package io.inferenceperf.analysis;

/**
 * One metric of one stage, base against new. The change is relative, in percent of the base, except for the error
 * rate, where it is the difference in percentage points. The interval is NaN when the runs' results were not at hand.
 */
public record Difference(int stageId, HeadlineMetric metric, double base, double next, double change,
    double ciLow, double ciHigh, Verdict verdict) {

  public boolean hasInterval() {
    return !Double.isNaN(ciLow);
  }

  /** "%" or " pp" (percentage points, error rate). */
  public String changeUnit() {
    return metric == HeadlineMetric.ERROR_RATE ? " pp" : "%";
  }
}
