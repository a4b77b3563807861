package io.inferenceperf.servermetrics;

import io.inferenceperf.servermetrics.PrometheusHttpApi.RangeSeries;
import io.inferenceperf.servermetrics.PrometheusHttpApi.VectorSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads windows through PromQL (see {@link PromQl} for the exact queries and why they look as they do). */
final class PrometheusMetricReader implements MetricReader {
  private final PrometheusHttpApi api;
  private final String filters;
  private final long baseLookbackMillis;

  /**
   * @param baseLookbackMillis how far before a window's start its base sample may lie (two scrape intervals): the
   *     reset check and the raw-sample fallback reach back this much further
   */
  PrometheusMetricReader(PrometheusHttpApi api, String filters, long baseLookbackMillis) {
    this.api = api;
    this.filters = filters;
    this.baseLookbackMillis = baseLookbackMillis;
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
    if (resetInside(name, window)) {
      WindowMath.Increase increase = exactIncrease(name, window);
      return new CounterReading(increase.total(), increase.reset());
    }
    double total = sumOrZero(api.query(PromQl.delta(name, filters, window.rangeMillis()), window.queryEndEpochMillis()));
    return new CounterReading(total, false);
  }

  @Override
  public HistogramReading histogram(String name, QueryWindow window) throws MetricsQueryException {
    if (resetInside(name + "_count", window)) {
      return histogramFromRawSamples(name, window);
    }
    long range = window.rangeMillis();
    long at = window.queryEndEpochMillis();
    double count = sumOrZero(api.query(PromQl.delta(name + "_count", filters, range), at));
    double sum = sumOrZero(api.query(PromQl.delta(name + "_sum", filters, range), at));
    List<Double> quantiles = new ArrayList<>(PromQl.QUANTILES.size());
    for (String q : PromQl.QUANTILES) {
      quantiles.add(single(api.query(PromQl.histogramQuantile(q, name, filters, range), at)));
    }
    return new HistogramReading(count, sum, quantiles.get(0), quantiles.get(1), quantiles.get(2), false);
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

  /** Reaches back past the window start so a reset right after the base sample is seen too. */
  private boolean resetInside(String series, QueryWindow window) throws MetricsQueryException {
    String query = PromQl.resets(series, filters, window.rangeMillis() + baseLookbackMillis);
    return sumOrZero(api.query(query, window.queryEndEpochMillis())) > 0;
  }

  private WindowMath.Increase exactIncrease(String series, QueryWindow window) throws MetricsQueryException {
    double total = 0;
    boolean reset = false;
    for (RangeSeries s : rawSamples(series, window)) {
      WindowMath.Increase one =
          WindowMath.windowIncrease(s.timesMillis(), s.values(), window.startEpochMillis(), window.queryEndEpochMillis());
      total += one.total();
      reset |= one.reset();
    }
    return new WindowMath.Increase(total, reset);
  }

  private HistogramReading histogramFromRawSamples(String name, QueryWindow window) throws MetricsQueryException {
    WindowMath.Increase count = exactIncrease(name + "_count", window);
    double sum = exactIncrease(name + "_sum", window).total();
    TreeMap<Double, Double> cumulative = new TreeMap<>();
    for (RangeSeries s : rawSamples(name + "_bucket", window)) {
      String le = s.labels().get("le");
      if (le != null) {
        double increase =
            WindowMath.windowIncrease(
                    s.timesMillis(), s.values(), window.startEpochMillis(), window.queryEndEpochMillis())
                .total();
        cumulative.merge(PrometheusTextParser.parseFloat(le), increase, Double::sum);
      }
    }
    return new HistogramReading(
        count.total(),
        sum,
        WindowMath.histogramQuantile(0.5, cumulative),
        WindowMath.histogramQuantile(0.9, cumulative),
        WindowMath.histogramQuantile(0.99, cumulative),
        count.reset());
  }

  private List<RangeSeries> rawSamples(String series, QueryWindow window) throws MetricsQueryException {
    String query = PromQl.rawSamples(series, filters, window.rangeMillis() + baseLookbackMillis);
    return api.queryMatrix(query, window.queryEndEpochMillis());
  }

  private static double[] newNaNs(int n) {
    double[] values = new double[n];
    Arrays.fill(values, Double.NaN);
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
