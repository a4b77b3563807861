package io.inferenceperf.servermetrics;

import java.util.List;

/**
 * What one metric said about one window. Absent values (a histogram with no observation in the window) are
 * null, never 0.
 */
public sealed interface FieldResult {

  /** The metric name the value came from, or null when none was found. */
  String metricName();

  /**
   * Change of a counter over the window, and that change per second of the stage's own duration.
   *
   * @param reset the server restarted inside the window; the total still counts across the restart
   */
  record CounterStats(String metricName, double total, double perSecond, boolean reset)
      implements FieldResult {}

  /**
   * Observations made in the window. {@code mean}/quantiles are null when {@code count} is 0.
   *
   * @param perSecond observations per second of the stage's own duration
   */
  record HistogramStats(
      String metricName,
      double count,
      double sum,
      double perSecond,
      Double mean,
      Double median,
      Double p90,
      Double p99,
      boolean reset)
      implements FieldResult {}

  /**
   * Scraped samples of a gauge in the window. With several series (replicas, data-parallel engines) each
   * statistic is taken per series, then mean, median and quantiles are averaged across series and max is the
   * largest; {@code series} says how many there were.
   */
  record GaugeStats(String metricName, Double mean, Double median, Double p90, Double p99, Double max, int series)
      implements FieldResult {}

  /** No candidate name exists on the server (with the filters applied). */
  record Missing(List<String> triedNames) implements FieldResult {
    public Missing {
      triedNames = List.copyOf(triedNames);
    }

    @Override
    public String metricName() {
      return null;
    }
  }

  /** The metric exists (or could not be looked up) but reading it failed. */
  record Failed(String metricName, String error) implements FieldResult {}
}
