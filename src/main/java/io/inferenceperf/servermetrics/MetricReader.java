package io.inferenceperf.servermetrics;

import java.util.List;
import java.util.Optional;

/**
 * Reads server metrics over a window: from a Prometheus query API, or from samples this tool scraped itself.
 * Both implementations follow the same definitions, so they produce the same report. Implementations are
 * thread-safe; calls may run concurrently.
 */
interface MetricReader {

  /** The first of {@code spec}'s candidate names that has samples in the window, or empty if none has. */
  Optional<String> resolve(MetricSpec spec, QueryWindow window) throws MetricsQueryException;

  CounterReading counter(String name, QueryWindow window) throws MetricsQueryException;

  HistogramReading histogram(String name, QueryWindow window) throws MetricsQueryException;

  /** One entry per series that had samples in the window. */
  List<GaugeReading> gauge(String name, QueryWindow window) throws MetricsQueryException;

  /** @param reset the counter was reset inside the window (a server restart); the total counts across it */
  record CounterReading(double total, boolean reset) {}

  /** Quantiles are NaN when nothing was observed in the window. */
  record HistogramReading(double count, double sum, double median, double p90, double p99, boolean reset) {}

  record GaugeReading(double mean, double max, double median, double p90, double p99) {}
}
