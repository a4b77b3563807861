package io.inferenceperf.servermetrics;

/**
 * A stage (or the whole run) in wall-clock epoch milliseconds, the clock Prometheus stores samples in.
 *
 * @param queryEndEpochMillis the stage end widened by one scrape interval, so the first scrape after the stage
 *     ended is inside the window
 */
public record QueryWindow(long startEpochMillis, long endEpochMillis, long queryEndEpochMillis) {
  public QueryWindow {
    if (endEpochMillis < startEpochMillis) {
      throw new IllegalArgumentException(
          "window ends (" + endEpochMillis + ") before it starts (" + startEpochMillis + ")");
    }
    if (queryEndEpochMillis < endEpochMillis) {
      throw new IllegalArgumentException("query end must not be before the window end");
    }
  }

  static QueryWindow widened(long startEpochMillis, long endEpochMillis, long scrapeIntervalMillis) {
    return new QueryWindow(startEpochMillis, endEpochMillis, endEpochMillis + scrapeIntervalMillis);
  }

  /** How far the queries reach back from {@link #queryEndEpochMillis()}. */
  public long rangeMillis() {
    return Math.max(1, queryEndEpochMillis - startEpochMillis);
  }

  /** The stage's own duration: the denominator of every per-second value. */
  public double durationSeconds() {
    return (endEpochMillis - startEpochMillis) / 1000.0;
  }
}
