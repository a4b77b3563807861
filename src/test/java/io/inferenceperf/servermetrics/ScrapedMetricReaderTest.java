package io.inferenceperf.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.ServerConfig.ServerType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The direct-scrape mode's window math over hand-made scrapes (no I/O). */
class ScrapedMetricReaderTest {
  private static final String A = "http://a/metrics";
  private static final String B = "http://b/metrics";

  private static ScrapeStore store() {
    return new ScrapeStore(
        ServerMetricsCollector.wantedSeriesNames(ServerMetricCatalog.forServer(ServerType.VLLM)), 1000);
  }

  private static void scrape(ScrapeStore store, String instance, long t, String text) {
    PrometheusTextParser.Result parsed = PrometheusTextParser.parse(text);
    assertEquals(List.of(), parsed.problems());
    store.addScrape(instance, t, parsed.samples());
  }

  private static String counters(double requests, double waiting, String model) {
    return "vllm:request_success_total{finished_reason=\"stop\",model_name=\"" + model + "\"} " + requests + "\n"
        + "vllm:num_requests_waiting{model_name=\"" + model + "\"} " + waiting + "\n"
        + "unrelated_metric 5\n";
  }

  @Test
  void countersStartFromTheFirstScrapeNotFromZero() {
    ScrapeStore store = store();
    // The server had served 1000 requests before the benchmark began scraping it at t=1000.
    scrape(store, A, 1000, counters(1000, 0, "m"));
    scrape(store, A, 2000, counters(1004, 1, "m"));
    scrape(store, A, 3000, counters(1010, 3, "m"));
    ScrapedMetricReader reader = new ScrapedMetricReader(store, Map.of("model_name", "m"));
    // The window starts before the first scrape: still only what happened while we watched.
    assertEquals(10, reader.counter("vllm:request_success_total", new QueryWindow(500, 3000, 3000)).total());
    assertEquals(6, reader.counter("vllm:request_success_total", new QueryWindow(2000, 3000, 3000)).total());
  }

  @Test
  void seriesCreatedDuringTheRunCountFromZeroAndTargetsAdd() {
    ScrapeStore store = store();
    scrape(store, A, 1000, counters(0, 0, "m"));
    scrape(store, B, 1000, counters(0, 0, "m"));
    scrape(store, A, 2000, counters(2, 2, "m"));
    scrape(store, B, 2000, counters(3, 4, "m") + "vllm:request_success_total{finished_reason=\"length\",model_name=\"m\"} 5\n");
    ScrapedMetricReader reader = new ScrapedMetricReader(store, Map.of("model_name", "m"));
    QueryWindow window = new QueryWindow(1000, 2000, 2000);
    assertEquals(2 + 3 + 5, reader.counter("vllm:request_success_total", window).total());
    List<MetricReader.GaugeReading> gauges = reader.gauge("vllm:num_requests_waiting", window);
    assertEquals(2, gauges.size(), "one reading per target");
    FieldResult.GaugeStats stats = WindowEvaluator.gaugeStats("vllm:num_requests_waiting", gauges);
    assertEquals((1.0 + 2.0) / 2, stats.mean(), 1e-12, "per-target means averaged");
    assertEquals(4.0, stats.max());
    assertEquals(2, stats.series());
  }

  @Test
  void theModelFilterAndNameFallbacksApply() {
    ScrapeStore store = store();
    scrape(store, A, 1000, counters(0, 0, "other") + "vllm:gpu_cache_usage_perc{model_name=\"m\"} 0.5\n");
    scrape(store, A, 2000, counters(9, 0, "other") + "vllm:gpu_cache_usage_perc{model_name=\"m\"} 0.7\n");
    ScrapedMetricReader reader = new ScrapedMetricReader(store, Map.of("model_name", "m"));
    QueryWindow window = new QueryWindow(1000, 2000, 2000);
    MetricSpec requests = ServerMetricCatalog.forServer(ServerType.VLLM).get(2);
    assertEquals(Optional.empty(), reader.resolve(requests, window), "other model's series are not ours");
    MetricSpec kv =
        ServerMetricCatalog.forServer(ServerType.VLLM).stream()
            .filter(s -> s.field().equals("kv_cache_usage"))
            .findFirst()
            .orElseThrow();
    assertEquals(Optional.of("vllm:gpu_cache_usage_perc"), reader.resolve(kv, window));
    assertEquals(0.6, reader.gauge("vllm:gpu_cache_usage_perc", window).get(0).mean(), 1e-12);
  }

  @Test
  void histogramsComeFromBucketIncreases() {
    ScrapeStore store = store();
    String before =
        "vllm:time_to_first_token_seconds_bucket{le=\"0.1\"} 1\n"
            + "vllm:time_to_first_token_seconds_bucket{le=\"1.0\"} 1\n"
            + "vllm:time_to_first_token_seconds_bucket{le=\"+Inf\"} 1\n"
            + "vllm:time_to_first_token_seconds_sum 0.05\n"
            + "vllm:time_to_first_token_seconds_count 1\n";
    String after =
        "vllm:time_to_first_token_seconds_bucket{le=\"0.1\"} 3\n"
            + "vllm:time_to_first_token_seconds_bucket{le=\"1.0\"} 5\n"
            + "vllm:time_to_first_token_seconds_bucket{le=\"+Inf\"} 5\n"
            + "vllm:time_to_first_token_seconds_sum 1.25\n"
            + "vllm:time_to_first_token_seconds_count 5\n";
    scrape(store, A, 1000, before);
    scrape(store, A, 2000, after);
    MetricReader.HistogramReading h =
        new ScrapedMetricReader(store, Map.of()).histogram("vllm:time_to_first_token_seconds", new QueryWindow(1000, 2000, 2000));
    assertEquals(4, h.count());
    assertEquals(1.2, h.sum(), 1e-12);
    // 2 in (0,0.1], 2 in (0.1,1]: median at rank 2 is the top of the first bucket.
    assertEquals(0.1, h.median(), 1e-12);
    assertEquals(0.1 + 0.9 * (1.6 / 2), h.p90(), 1e-12);
    assertTrue(!h.reset());
  }
}
