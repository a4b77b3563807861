package io.inferenceperf.simulator.metrics;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one server-side latency, in milliseconds (HdrHistogram, 3 significant digits: values are exact to
 * 0.1%).
 */
public record LatencySummary(long count, double meanMs, double minMs, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

  static LatencySummary of(Histogram nanos) {
    if (nanos.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        nanos.getTotalCount(),
        ms(nanos.getMean()),
        ms(nanos.getMinValue()),
        ms(nanos.getValueAtPercentile(50)),
        ms(nanos.getValueAtPercentile(90)),
        ms(nanos.getValueAtPercentile(99)),
        ms(nanos.getMaxValue()));
  }

  private static double ms(double nanos) {
    return Math.round(nanos / 1e3) / 1e3; // whole microseconds, expressed in ms
  }
}
