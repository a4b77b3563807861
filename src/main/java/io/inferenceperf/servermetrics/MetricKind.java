package io.inferenceperf.servermetrics;

/** How a server metric is read: the Prometheus type it is exposed as. */
public enum MetricKind {
  /** Monotonic count; reported as its increase over a window and that increase per second. */
  COUNTER,
  /** Point-in-time value; reported as mean, max and quantiles of its scraped samples in a window. */
  GAUGE,
  /** Bucketed observations ({@code _bucket}, {@code _sum}, {@code _count}); reported as count, mean, quantiles. */
  HISTOGRAM
}
