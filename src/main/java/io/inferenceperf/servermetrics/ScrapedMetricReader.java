package io.inferenceperf.servermetrics;

import io.inferenceperf.servermetrics.ScrapeStore.Series;
import io.inferenceperf.servermetrics.ScrapeStore.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads windows from samples this tool scraped itself, with the same definitions as the PromQL of {@link
 * PrometheusMetricReader}: a window reaches from its start to its query end; a counter's change is the last
 * value at the query end minus the last value at or before the start; gauges are summarised per series.
 */
final class ScrapedMetricReader implements MetricReader {
  private final ScrapeStore store;
  private final Map<String, String> requiredLabels;

  /** @param requiredLabels label equalities every series must have (the {@code model_name} filter) */
  ScrapedMetricReader(ScrapeStore store, Map<String, String> requiredLabels) {
    this.store = store;
    this.requiredLabels = Map.copyOf(requiredLabels);
  }

  @Override
  public Optional<String> resolve(MetricSpec spec, QueryWindow window) {
    for (String name : spec.candidateNames()) {
      for (Map.Entry<SeriesKey, Series> s : store.select(spec.probeSeriesName(name), requiredLabels)) {
        if (countIn(s.getValue(), window.startEpochMillis(), window.queryEndEpochMillis()) > 0) {
          return Optional.of(name);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public CounterReading counter(String name, QueryWindow window) {
    WindowMath.Increase increase = increase(name, window);
    return new CounterReading(increase.total(), increase.reset());
  }

  @Override
  public HistogramReading histogram(String name, QueryWindow window) {
    WindowMath.Increase count = increase(name + "_count", window);
    double sum = increase(name + "_sum", window).total();
    TreeMap<Double, Double> cumulative = new TreeMap<>();
    for (Map.Entry<SeriesKey, Series> s : store.select(name + "_bucket", requiredLabels)) {
      String le = s.getKey().labels().get("le");
      if (le == null) {
        continue;
      }
      double upperBound = PrometheusTextParser.parseFloat(le);
      cumulative.merge(upperBound, seriesIncrease(s.getKey(), s.getValue(), window).total(), Double::sum);
    }
    return new HistogramReading(
        count.total(),
        sum,
        WindowMath.histogramQuantile(0.5, cumulative),
        WindowMath.histogramQuantile(0.9, cumulative),
        WindowMath.histogramQuantile(0.99, cumulative),
        count.reset());
  }

  @Override
  public List<GaugeReading> gauge(String name, QueryWindow window) {
    List<GaugeReading> readings = new ArrayList<>();
    for (Map.Entry<SeriesKey, Series> s : store.select(name, requiredLabels)) {
      double[] values = valuesIn(s.getValue(), window.startEpochMillis(), window.queryEndEpochMillis());
      if (values.length == 0) {
        continue;
      }
      readings.add(
          new GaugeReading(
              WindowMath.mean(values),
              WindowMath.max(values),
              WindowMath.sampleQuantile(0.5, values),
              WindowMath.sampleQuantile(0.9, values),
              WindowMath.sampleQuantile(0.99, values)));
    }
    return readings;
  }

  private WindowMath.Increase increase(String seriesName, QueryWindow window) {
    double total = 0;
    boolean reset = false;
    for (Map.Entry<SeriesKey, Series> s : store.select(seriesName, requiredLabels)) {
      WindowMath.Increase one = seriesIncrease(s.getKey(), s.getValue(), window);
      total += one.total();
      reset |= one.reset();
    }
    return new WindowMath.Increase(total, reset);
  }

  /**
   * The series' increase over the window, counting resets. Its base is the last value at or before the window
   * start; a series first seen later was created during the run and counts from zero, except when it was there at
   * the very first scrape (then what it counted before the scraping began is unknown, not part of the run).
   */
  private WindowMath.Increase seriesIncrease(SeriesKey key, Series series, QueryWindow window) {
    long start = window.startEpochMillis();
    long end = window.queryEndEpochMillis();
    int first = 0;
    double base = 0;
    while (first < series.size() && series.time(first) <= start) {
      base = series.value(first);
      first++;
    }
    if (first == 0 && series.size() > 0) {
      Long firstScrape = store.firstScrapeMillis(key.labels().get("instance"));
      if (firstScrape != null && series.time(0) == firstScrape) {
        base = series.value(0);
        first = 1;
      }
    }
    List<Double> inWindow = new ArrayList<>();
    for (int i = first; i < series.size() && series.time(i) <= end; i++) {
      inWindow.add(series.value(i));
    }
    double[] values = inWindow.stream().mapToDouble(Double::doubleValue).toArray();
    return WindowMath.increase(base, values);
  }

  private static int countIn(Series s, long start, long end) {
    return valuesIn(s, start, end).length;
  }

  private static double[] valuesIn(Series s, long start, long end) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.time(i) >= start && s.time(i) <= end) {
        values.add(s.value(i));
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
