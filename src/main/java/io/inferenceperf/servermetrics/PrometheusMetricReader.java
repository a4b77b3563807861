package io.inferenceperf.servermetrics;

import io.inferenceperf.servermetrics.PrometheusHttpApi.VectorSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads windows through PromQL (see {@link PromQl} for the exact queries and why they look as they do). */
final class PrometheusMetricReader implements MetricReader {
  private final PrometheusHttpApi api;
  private final String filters;

  PrometheusMetricReader(PrometheusHttpApi api, String filters) {
    this.api = api;
    this.filters = filters;
  }

  @Override
  public Optional<String> resolve(MetricSpec spec, QueryWindow window) throws MetricsQueryException {
    for (String name : spec.candidateNames()) {
      String query = PromQl.probe(spec.probeSeriesName(name), filters, window.rangeMillis());
      double seriesCount = sumOrZero(api.query(query, window.queryEndEpochMillis()));
      if (seriesCount > 0) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  @Override
  public CounterReading counter(String name, QueryWindow window) throws MetricsQueryException {
    long range = window.rangeMillis();
    long at = window.queryEndEpochMillis();
    if (sumOrZero(api.query(PromQl.resets(name, filters, range), at)) > 0) {
      return new CounterReading(sumOrZero(api.query(PromQl.increase(name, filters, range), at)), true);
    }
    return new CounterReading(sumOrZero(api.query(PromQl.delta(name, filters, range), at)), false);
  }

  @Override
  public HistogramReading histogram(String name, QueryWindow window) throws MetricsQueryException {
    long range = window.rangeMillis();
    long at = window.queryEndEpochMillis();
    boolean reset = sumOrZero(api.query(PromQl.resets(name + "_count", filters, range), at)) > 0;
    double count;
    double sum;
    List<Double> quantiles = new ArrayList<>(PromQl.QUANTILES.size());
    if (reset) {
      count = sumOrZero(api.query(PromQl.increase(name + "_count", filters, range), at));
      sum = sumOrZero(api.query(PromQl.increase(name + "_sum", filters, range), at));
      for (String q : PromQl.QUANTILES) {
        quantiles.add(single(api.query(PromQl.histogramQuantileByIncrease(q, name, filters, range), at)));
      }
    } else {
      count = sumOrZero(api.query(PromQl.delta(name + "_count", filters, range), at));
      sum = sumOrZero(api.query(PromQl.delta(name + "_sum", filters, range), at));
      for (String q : PromQl.QUANTILES) {
        quantiles.add(single(api.query(PromQl.histogramQuantile(q, name, filters, range), at)));
      }
    }
    return new HistogramReading(count, sum, quantiles.get(0), quantiles.get(1), quantiles.get(2), reset);
  }

  @Override
  public List<GaugeReading> gauge(String name, QueryWindow window) throws MetricsQueryException {
    long range = window.rangeMillis();
    long at = window.queryEndEpochMillis();
    Map<Map<String, String>, double[]> bySeries = new HashMap<>();
    // Slots: mean, max, then one per quantile.
    int slots = 2 + PromQl.QUANTILES.size();
    List<String> queries = new ArrayList<>(slots);
    queries.add(PromQl.gaugeAverage(name, filters, range));
    queries.add(PromQl.gaugeMax(name, filters, range));
    for (String q : PromQl.QUANTILES) {
      queries.add(PromQl.gaugeQuantile(q, name, filters, range));
    }
    for (int slot = 0; slot < slots; slot++) {
      for (VectorSample sample : api.query(queries.get(slot), at)) {
        double[] values = bySeries.computeIfAbsent(sample.labels(), k -> newNaNs(slots));
        values[slot] = sample.value();
      }
    }
    List<GaugeReading> readings = new ArrayList<>(bySeries.size());
    for (double[] v : bySeries.values()) {
      readings.add(new GaugeReading(v[0], v[1], v[2], v[3], v[4]));
    }
    return readings;
  }

  private static double[] newNaNs(int n) {
    double[] values = new double[n];
    java.util.Arrays.fill(values, Double.NaN);
    return values;
  }

  /** An aggregated query: no series means nothing counted (the metric itself was resolved to exist). */
  private static double sumOrZero(List<VectorSample> samples) {
    double sum = 0;
    for (VectorSample s : samples) {
      sum += s.value();
    }
    return sum;
  }

  private static double single(List<VectorSample> samples) {
    return samples.isEmpty() ? Double.NaN : samples.get(0).value();
  }
}
