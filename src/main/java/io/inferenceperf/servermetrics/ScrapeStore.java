package io.inferenceperf.servermetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Samples scraped directly from model servers, kept only for the series names the report needs. Like a tiny
 * Prometheus TSDB: one time-ordered list of (epoch millis, value) per series. Thread-safe (one writer, readers
 * after or during the run).
 */
final class ScrapeStore {
  /** A series: its sample name plus labels (including {@code instance}, the scraped URL). */
  record SeriesKey(String name, Map<String, String> labels) {
    SeriesKey {
      labels = Map.copyOf(labels);
    }
  }

  /** The samples of one series, oldest first. */
  static final class Series {
    private long[] times = new long[16];
    private double[] values = new double[16];
    private int size;

    void add(long timeMillis, double value) {
      if (size == times.length) {
        times = Arrays.copyOf(times, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      times[size] = timeMillis;
      values[size] = value;
      size++;
    }

    int size() {
      return size;
    }

    long time(int i) {
      return times[i];
    }

    double value(int i) {
      return values[i];
    }
  }

  private final Set<String> wantedNames;
  private final int maxSamplesPerSeries;
  private final Map<SeriesKey, Series> series = new HashMap<>();
  private final Map<String, Long> firstScrapeByInstance = new HashMap<>();
  private boolean truncated;

  /**
   * @param wantedNames sample names to keep (histogram names with their {@code _bucket}/{@code _sum}/{@code
   *     _count})
   * @param maxSamplesPerSeries memory bound; later samples are dropped and {@link #truncated()} turns true
   */
  ScrapeStore(Set<String> wantedNames, int maxSamplesPerSeries) {
    this.wantedNames = Set.copyOf(wantedNames);
    this.maxSamplesPerSeries = maxSamplesPerSeries;
  }

  /** Adds one successful scrape of {@code instance} taken at {@code timeMillis}. */
  synchronized void addScrape(String instance, long timeMillis, List<PrometheusTextParser.Sample> samples) {
    firstScrapeByInstance.putIfAbsent(instance, timeMillis);
    for (PrometheusTextParser.Sample s : samples) {
      if (!wantedNames.contains(s.name())) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>(s.labels());
      labels.put("instance", instance);
      Series target = series.computeIfAbsent(new SeriesKey(s.name(), labels), k -> new Series());
      if (target.size() >= maxSamplesPerSeries) {
        truncated = true;
        continue;
      }
      target.add(timeMillis, s.value());
    }
  }

  /** Series of that name whose labels include all of {@code requiredLabels}; copies, safe to read. */
  synchronized List<Map.Entry<SeriesKey, Series>> select(String name, Map<String, String> requiredLabels) {
    List<Map.Entry<SeriesKey, Series>> out = new ArrayList<>();
    for (Map.Entry<SeriesKey, Series> e : series.entrySet()) {
      if (e.getKey().name().equals(name) && e.getKey().labels().entrySet().containsAll(requiredLabels.entrySet())) {
        out.add(Map.entry(e.getKey(), copy(e.getValue())));
      }
    }
    return out;
  }

  /** When the first successful scrape of {@code instance} happened, or null. */
  synchronized Long firstScrapeMillis(String instance) {
    return firstScrapeByInstance.get(instance);
  }

  synchronized boolean truncated() {
    return truncated;
  }

  private static Series copy(Series s) {
    Series c = new Series();
    c.times = Arrays.copyOf(s.times, s.size);
    c.values = Arrays.copyOf(s.values, s.size);
    c.size = s.size;
    if (c.times.length == 0) {
      c.times = new long[1];
      c.values = new double[1];
    }
    return c;
  }
}
