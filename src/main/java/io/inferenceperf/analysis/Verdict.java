package io.inferenceperf.analysis;

/** How a metric moved from the base run to the new one. */
public enum Verdict {
  BETTER("better"),
  WORSE("worse"),
  /** The change is real (its interval excludes zero) but smaller than the threshold. */
  WITHIN_THRESHOLD("within threshold"),
  NO_SIGNIFICANT_CHANGE("no significant change");

  public final String label;

  Verdict(String label) {
    this.label = label;
  }
}
