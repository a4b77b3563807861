package io.inferenceperf.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.MetricsConfig;
import io.inferenceperf.config.MetricsConfig.MetricsType;
import io.inferenceperf.config.MetricsConfig.PrometheusConfig;
import io.inferenceperf.config.ReportConfig.PrometheusReport;
import io.inferenceperf.config.ServerConfig.ServerType;
import io.inferenceperf.servermetrics.FieldResult.CounterStats;
import io.inferenceperf.servermetrics.FieldResult.GaugeStats;
import io.inferenceperf.servermetrics.FieldResult.HistogramStats;
import io.inferenceperf.servermetrics.FieldResult.Missing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against a real Prometheus 2.42 scraping scripted vLLM-format targets every second. Two stages run
 * with known increments and quiet gaps; the reports must match the targets' ground truth: counters and histograms
 * exactly, gauges within what the scrape timing allows (checked against the target's log of served scrapes).
 */
class RealPrometheusCollectorTest {
  private static final int SCRAPE_SECONDS = 1;
  private static final long MARGIN_MILLIS = 300;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ScriptedVllmTarget modern;
  private static ScriptedVllmTarget legacy;
  private static ScriptedVllmTarget restarting;
  private static PrometheusServer prometheus;
  private static ServerMetricsCollector direct;
  private static final List<StageWindow> stages = new ArrayList<>();
  private static TimeWindow run;

  @BeforeAll
  static void runScriptedBenchmark() throws Exception {
    modern = new ScriptedVllmTarget("modern-model", false);
    legacy = new ScriptedVllmTarget("legacy-model", true);
    restarting = new ScriptedVllmTarget("restarting-model", false);
    prometheus =
        PrometheusServer.start(List.of(modern.hostPort(), legacy.hostPort(), restarting.hostPort()), SCRAPE_SECONDS);
    awaitAllTargetsScraped();
    direct =
        ServerMetricsCollector.create(
            prometheusConfig(null, false, List.of()),
            ServerType.VLLM,
            "modern-model",
            "http://" + modern.hostPort(),
            ServerMetricsOptions.direct(List.of()));
    direct.start();

    long runStart = System.currentTimeMillis();
    Thread.sleep(1200);
    stages.add(
        stage(
            0,
            () -> {
              for (ScriptedVllmTarget t : List.of(modern, legacy)) {
                t.finishRequests("stop", 100, 20, 0.05, 0.05, 0.05, 0.05, 0.2, 0.2, 0.2, 0.2, 0.7, 0.7);
                t.prefixCache(30, 100);
              }
              restarting.finishRequests("stop", 100, 20, 0.05, 0.05, 0.05, 0.05, 0.2, 0.2, 0.2, 0.2, 0.7, 0.7);
            },
            new double[] {2, 4, 6, 8},
            0.25));
    Thread.sleep(1500);
    stages.add(
        stage(
            1,
            () -> {
              for (ScriptedVllmTarget t : List.of(modern, legacy)) {
                t.finishRequests("stop", 50, 10, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3);
                // A label set never seen before: its series is created inside the stage and counts from zero.
                t.finishRequests("length", 50, 10, 1.5, 1.5, 1.5, 1.5);
                t.prefixCache(10, 40);
              }
              restarting.restart();
              restarting.finishRequests("stop", 50, 10, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3);
            },
            new double[] {10, 20, 30},
            0.5));
    run = new TimeWindow(runStart, stages.get(1).endEpochMillis());
  }

  /** A stage: increments 300 ms after its start, gauges varying while it runs, quiet edges. */
  private static StageWindow stage(int id, Runnable increments, double[] waiting, double kvBase)
      throws InterruptedException {
    long start = System.currentTimeMillis();
    direct.onStageBoundary();
    Thread.sleep(MARGIN_MILLIS);
    increments.run();
    for (int k = 0; k < 6; k++) {
      for (ScriptedVllmTarget t : List.of(modern, legacy)) {
        t.setGauges(waiting[k % waiting.length], 3 + k, kvBase + 0.05 * (k % 3));
      }
      Thread.sleep(400);
    }
    for (ScriptedVllmTarget t : List.of(modern, legacy)) {
      t.setGauges(0, 0, 0);
    }
    Thread.sleep(MARGIN_MILLIS);
    long end = System.currentTimeMillis();
    direct.onStageBoundary();
    return new StageWindow(id, start, end);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (direct != null) {
      direct.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (modern != null) {
      modern.close();
    }
    if (legacy != null) {
      legacy.close();
    }
    if (restarting != null) {
      restarting.close();
    }
  }

  @Test
  void prometheusReportsMatchGroundTruth(@TempDir Path dir) throws Exception {
    PrometheusReports reports;
    try (ServerMetricsCollector collector = prometheusCollector("modern-model", List.of())) {
      reports = collector.collect(stages, run);
    }
    assertTrue(reports.errors().isEmpty(), () -> "errors: " + reports.errors() + "\n" + prometheus.log());
    assertExactCountersAndHistograms(reports);
    assertGaugesMatchScrapes(reports, modern, "Prometheus");
    assertEquals("vllm:kv_cache_usage_perc", reports.summary().fields().get("kv_cache_usage").metricName());
    assertEquals("vllm:prompt_tokens_total", reports.summary().fields().get("prompt_tokens").metricName());

    List<Path> files =
        reports.write(dir, "run1_", new PrometheusReport(true, true));
    assertEquals(3, files.size());
    JsonNode summary = JSON.readTree(dir.resolve("run1_summary_prometheus_metrics.json").toFile());
    JsonNode successes = summary.path("successes");
    assertEquals(20.0, successes.path("count").asDouble(), 1e-9);
    assertEquals(75.0, successes.path("prompt_len").path("mean").asDouble(), 1e-9);
    assertEquals(0.51, successes.path("time_to_first_token").path("mean").asDouble(), 1e-9);
    assertEquals(40.0 / 140 * 100, successes.path("prefix_cache_hit_percent").path("mean").asDouble(), 1e-4);
    // Not exposed by the target: reported as missing (null with the names tried), never as 0.
    assertTrue(successes.path("request_queue_time").isNull());
    assertTrue(successes.path("num_requests_swapped").isNull());
    assertTrue(summary.path("server_metrics").path("missing").has("request_queue_time"));
    assertEquals(
        "vllm:time_to_first_token_seconds",
        summary.path("server_metrics").path("metric_names").path("time_to_first_token").asText());
    JsonNode stage1 = JSON.readTree(dir.resolve("run1_stage_1_prometheus_metrics.json").toFile());
    assertEquals(10.0, stage1.path("successes").path("count").asDouble(), 1e-9);
    assertEquals(1.0, stage1.path("successes").path("time_to_first_token").path("p90").asDouble(), 1e-9);
  }

  @Test
  void olderMetricNamesAreFoundAndNamed() {
    PrometheusReports reports;
    try (ServerMetricsCollector collector = prometheusCollector("legacy-model", List.of())) {
      reports = collector.collect(stages, run);
    }
    assertTrue(reports.errors().isEmpty(), () -> "errors: " + reports.errors());
    assertExactCountersAndHistograms(reports);
    WindowMetrics summary = reports.summary();
    assertEquals("vllm:gpu_cache_usage_perc", summary.fields().get("kv_cache_usage").metricName());
    assertEquals("vllm:prompt_tokens", summary.fields().get("prompt_tokens").metricName());
    assertEquals("vllm:request_success", summary.fields().get("requests").metricName());
    assertGaugesMatchScrapes(reports, legacy, "Prometheus");
  }

  @Test
  void aServerRestartInsideAStageIsCountedAcrossTheRestart() {
    PrometheusReports reports;
    try (ServerMetricsCollector collector = prometheusCollector("restarting-model", List.of())) {
      reports = collector.collect(stages, run);
    }
    assertTrue(reports.errors().isEmpty(), () -> "errors: " + reports.errors());
    assertCounter(reports.stage(0).orElseThrow(), "requests", 10);
    CounterStats restarted = reports.stage(1).orElseThrow().counter("requests").orElseThrow();
    assertTrue(restarted.reset(), () -> "stage 1: " + reports.stage(1).orElseThrow());
    assertEquals(6, restarted.total(), 1e-9, "the 6 requests after the restart, not 6 - 10");
    assertCounter(reports.stage(1).orElseThrow(), "prompt_tokens", 300);
    assertEquals(16, reports.summary().counter("requests").orElseThrow().total(), 1e-9);
    assertTrue(
        reports.stage(1).orElseThrow().warnings().stream().anyMatch(w -> w.contains("reset inside the window")),
        () -> "warnings: " + reports.stage(1).orElseThrow().warnings());
    HistogramStats ttft = reports.stage(1).orElseThrow().histogram("time_to_first_token").orElseThrow();
    assertTrue(ttft.reset());
    assertEquals(6, ttft.count(), 1e-9);
    assertEquals(0.3, ttft.mean(), 1e-9);
    assertEquals(0.25 + 0.25 * 0.5, ttft.median(), 1e-9);
  }

  @Test
  void everyGoldenQueryIsValidPromQl() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    int checked = 0;
    for (ServerType type : List.of(ServerType.VLLM, ServerType.SGLANG, ServerType.TGI)) {
      for (String line : PromQlGoldenTest.render(type).split("\n")) {
        int colon = line.indexOf(": ");
        if (line.startsWith("#") || colon < 0) {
          continue;
        }
        String query = line.substring(colon + 2);
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(
                        URI.create(
                            prometheus.url()
                                + "/api/v1/query?query="
                                + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> query + " -> " + r.body());
        checked++;
      }
    }
    assertTrue(checked > 300, "checked " + checked);
  }

  @Test
  void filtersThatMatchNothingReportMissingNotZero() {
    PrometheusReports reports;
    try (ServerMetricsCollector collector = prometheusCollector("modern-model", List.of("job=\"no-such-job\""))) {
      reports = collector.collect(stages, run);
    }
    for (FieldResult field : reports.summary().fields().values()) {
      assertTrue(field instanceof Missing, () -> "expected missing, got " + field);
    }
    Map<String, Object> successes = ReportShape.successes(reports.summary());
    assertTrue(successes.containsKey("count"));
    assertNull(successes.get("count"));
    assertNull(successes.get("time_to_first_token"));
  }

  @Test
  void userFiltersAreAppliedToEveryQuery() {
    PrometheusReports reports;
    try (ServerMetricsCollector collector = prometheusCollector("modern-model", List.of("job=\"model-server\""))) {
      reports = collector.collect(stages, run);
    }
    assertTrue(reports.errors().isEmpty(), () -> "errors: " + reports.errors());
    assertExactCountersAndHistograms(reports);
    assertEquals("model_name='modern-model',job=\"model-server\"", reports.context().filters());
  }

  @Test
  void directScrapingGivesTheSameReport() {
    PrometheusReports reports = direct.collect(stages, run);
    assertTrue(reports.errors().isEmpty(), () -> "errors: " + reports.errors());
    assertEquals("direct_scrape", reports.context().source());
    assertExactCountersAndHistograms(reports);
    assertGaugesMatchScrapes(reports, modern, "Java-http-client");
  }

  @Test
  void googleManagedPrometheusWithServiceAccountKeyFile(@TempDir Path dir) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    String email = "bench@stub-project.iam.gserviceaccount.com";
    try (GoogleApiStub google = new GoogleApiStub(keys.getPublic(), email, prometheus.url())) {
      Path keyFile = dir.resolve("key.json");
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      Map<String, Object> key =
          Map.of(
              "type", "service_account",
              "project_id", GoogleApiStub.PROJECT,
              "private_key_id", "k1",
              "private_key", pem,
              "client_email", email,
              "client_id", "1",
              "token_uri", google.baseUrl() + "/token");
      Files.writeString(keyFile, JSON.writeValueAsString(key));
      CollectorEnvironment env =
          CollectorEnvironment.system()
              .withEnv(Map.of())
              .withHome(dir)
              .withGoogleEndpoints(google.baseUrl(), google.baseUrl() + "/unused-metadata")
              .withGoogleCredentials(() -> {
                try (java.io.InputStream in = Files.newInputStream(keyFile)) {
                  return com.google.auth.oauth2.GoogleCredentials.fromStream(in);
                }
              });
      PrometheusReports reports = collectGoogleManaged(env);
      assertTrue(reports.errors().isEmpty(), () -> "errors: " + reports.errors());
      assertEquals("google_managed_prometheus", reports.context().source());
      assertTrue(reports.context().endpoint().endsWith("/v1/projects/stub-project/location/global/prometheus"));
      assertExactCountersAndHistograms(reports);
      assertEquals(1, google.tokenGrants.get(), "the access token is cached, not fetched per query");
      assertTrue(google.queries.get() > 50);
      assertEquals(0, google.rejected.get());
    }
  }

  @Test
  void googleManagedPrometheusWithMetadataServer(@TempDir Path dir) throws Exception {
    KeyPair unused = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    try (GoogleApiStub google = new GoogleApiStub(unused.getPublic(), "none", prometheus.url())) {
      CollectorEnvironment env =
          CollectorEnvironment.system()
              .withEnv(Map.of())
              .withHome(dir)
              .withGoogleEndpoints(google.baseUrl(), google.baseUrl())
              .withGoogleCredentials(() -> com.google.auth.oauth2.ComputeEngineCredentials.newBuilder()
                  .setHttpTransportFactory(GoogleAccessTokensTest.towards(google.baseUrl())).build());
      PrometheusReports reports = collectGoogleManaged(env);
      assertTrue(reports.errors().isEmpty(), () -> "errors: " + reports.errors());
      assertExactCountersAndHistograms(reports);
      assertEquals(1, google.metadataTokenGrants.get());
    }
  }

  @Test
  void googleManagedPrometheusWithoutCredentialsReportsTheProblem(@TempDir Path dir) {
    Path absent = dir.resolve("absent.json");
    CollectorEnvironment env =
        CollectorEnvironment.system()
            .withEnv(Map.of())
            .withHome(dir)
            .withGoogleCredentials(() -> {
              try (java.io.InputStream in = Files.newInputStream(absent)) {
                return com.google.auth.oauth2.GoogleCredentials.fromStream(in);
              }
            });
    PrometheusReports reports = collectGoogleManaged(env);
    assertFalse(reports.errors().isEmpty());
    assertTrue(reports.errors().get(0).contains("GOOGLE_APPLICATION_CREDENTIALS"), reports.errors().get(0));
    assertNull(ReportShape.successes(reports.summary()).get("count"));
  }

  private static PrometheusReports collectGoogleManaged(CollectorEnvironment env) {
    MetricsConfig config =
        new MetricsConfig(
            MetricsType.PROMETHEUS, new PrometheusConfig(null, SCRAPE_SECONDS, List.of(), true));
    try (ServerMetricsCollector collector =
        ServerMetricsCollector.create(
            config, ServerType.VLLM, "modern-model", null, ServerMetricsOptions.defaults(), env)) {
      return collector.collect(stages, run);
    }
  }

  private static ServerMetricsCollector prometheusCollector(String model, List<String> filters) {
    return ServerMetricsCollector.create(
        prometheusConfig(prometheus.url(), false, filters),
        ServerType.VLLM,
        model,
        null,
        ServerMetricsOptions.defaults());
  }

  private static MetricsConfig prometheusConfig(String url, boolean googleManaged, List<String> filters) {
    return new MetricsConfig(
        MetricsType.PROMETHEUS, new PrometheusConfig(url, SCRAPE_SECONDS, filters, googleManaged));
  }

  // ---- ground truth ----

  private static void assertExactCountersAndHistograms(PrometheusReports reports) {
    assertEquals(List.of(), reports.summary().warnings(), "the scrape after the run's end was seen");
    WindowMetrics s0 = reports.stage(0).orElseThrow();
    WindowMetrics s1 = reports.stage(1).orElseThrow();
    WindowMetrics all = reports.summary();
    assertCounter(s0, "requests", 10);
    assertCounter(s0, "prompt_tokens", 1000);
    assertCounter(s0, "output_tokens", 200);
    assertCounter(s0, "prefix_cache_hits", 30);
    assertCounter(s1, "requests", 10);
    assertCounter(s1, "prompt_tokens", 500);
    assertCounter(s1, "output_tokens", 100);
    assertCounter(all, "requests", 20);
    assertCounter(all, "prompt_tokens", 1500);
    assertCounter(all, "prefix_cache_queries", 140);
    // Buckets 0.1/0.25/0.5/1: stage 0 holds 4,4,0,2 observations; the quantiles interpolate inside a bucket.
    assertHistogram(s0, 10, 0.24, 0.1 + 0.15 * (1.0 / 4), 0.5 + 0.5 * (1.0 / 2), 0.5 + 0.5 * (1.9 / 2));
    // Stage 1: 6 in (0.25,0.5], 4 above 1 (the +Inf bucket: quantiles there report the highest finite bound).
    assertHistogram(s1, 10, 0.78, 0.25 + 0.25 * (5.0 / 6), 1.0, 1.0);
    assertHistogram(all, 20, 0.51, 0.25 + 0.25 * (2.0 / 6), 1.0, 1.0);
    double seconds0 = (stages.get(0).endEpochMillis() - stages.get(0).startEpochMillis()) / 1000.0;
    assertEquals(10 / seconds0, s0.counter("requests").orElseThrow().perSecond(), 1e-9);
    Map<String, Object> shape = ReportShape.successes(s1);
    @SuppressWarnings("unchecked")
    Map<String, Object> promptLen = (Map<String, Object>) shape.get("prompt_len");
    assertEquals(50.0, (Double) promptLen.get("mean"), 1e-9);
    @SuppressWarnings("unchecked")
    Map<String, Object> hits = (Map<String, Object>) shape.get("prefix_cache_hit_percent");
    assertEquals(25.0, (Double) hits.get("mean"), 1e-9);
  }

  private static void assertCounter(WindowMetrics w, String field, double expected) {
    CounterStats c = w.counter(field).orElseThrow(() -> new AssertionError(field + ": " + w.fields().get(field)));
    assertEquals(expected, c.total(), 1e-9, field + " in stage " + w.stageId());
  }

  private static void assertHistogram(
      WindowMetrics w, double count, double mean, double median, double p90, double p99) {
    HistogramStats h =
        w.histogram("time_to_first_token").orElseThrow(() -> new AssertionError(w.fields().get("time_to_first_token")));
    String where = "TTFT in stage " + w.stageId();
    assertEquals(count, h.count(), 1e-9, where);
    assertEquals(mean, h.mean(), 1e-9, where);
    assertEquals(median, h.median(), 1e-9, where);
    assertEquals(p90, h.p90(), 1e-9, where);
    assertEquals(p99, h.p99(), 1e-9, where);
  }

  /**
   * Each gauge statistic must equal what the scrapes the window holds give. Scrapes served within the margin of
   * an edge may fall on either side (the scraper stamps its sample a moment before the target serves it), so
   * every such combination is tried and one must match all statistics at once.
   */
  private static void assertGaugesMatchScrapes(PrometheusReports reports, ScriptedVllmTarget target, String agent) {
    List<WindowMetrics> windows = new ArrayList<>(reports.stages());
    windows.add(reports.summary());
    for (WindowMetrics w : windows) {
      for (String[] gauge : List.of(new String[] {"queue_length", "waiting"}, new String[] {"kv_cache_usage", "kv"})) {
        GaugeStats stats = w.gauge(gauge[0]).orElseThrow(() -> new AssertionError(w.fields().get(gauge[0])));
        assertEquals(1, stats.series());
        assertMatchesSomeInclusion(stats, target.served(), agent, gauge[1], w.window(), gauge[0] + " " + w.stageId());
      }
    }
  }

  private static void assertMatchesSomeInclusion(
      GaugeStats stats,
      List<ScriptedVllmTarget.Served> log,
      String agent,
      String gauge,
      QueryWindow window,
      String what) {
    List<Double> certain = new ArrayList<>();
    List<Double> edge = new ArrayList<>();
    long start = window.startEpochMillis();
    long end = window.queryEndEpochMillis();
    for (ScriptedVllmTarget.Served s : log) {
      if (!s.userAgent().startsWith(agent)) {
        continue;
      }
      long t = s.epochMillis();
      double v = s.gauges().get(gauge);
      if (t >= start + MARGIN_MILLIS && t <= end - MARGIN_MILLIS) {
        certain.add(v);
      } else if (Math.abs(t - start) < MARGIN_MILLIS || Math.abs(t - end) < MARGIN_MILLIS) {
        edge.add(v);
      }
    }
    assertTrue(edge.size() <= 8, "too many edge scrapes: " + edge.size());
    List<String> tried = new ArrayList<>();
    for (int mask = 0; mask < (1 << edge.size()); mask++) {
      List<Double> values = new ArrayList<>(certain);
      for (int i = 0; i < edge.size(); i++) {
        if ((mask & (1 << i)) != 0) {
          values.add(edge.get(i));
        }
      }
      double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
      if (v.length == 0) {
        continue;
      }
      double mean = WindowMath.mean(v);
      double max = WindowMath.max(v);
      double median = WindowMath.sampleQuantile(0.5, v);
      double p90 = WindowMath.sampleQuantile(0.9, v);
      double p99 = WindowMath.sampleQuantile(0.99, v);
      tried.add(String.format("mean=%.4f max=%.4f p50=%.4f p90=%.4f p99=%.4f", mean, max, median, p90, p99));
      if (close(stats.mean(), mean) && close(stats.max(), max) && close(stats.median(), median)
          && close(stats.p90(), p90) && close(stats.p99(), p99)) {
        return;
      }
    }
    fail(what + ": " + stats + " matches no inclusion of edge scrapes; candidates " + tried);
  }

  private static boolean close(Double actual, double expected) {
    return actual != null && Math.abs(actual - expected) < 1e-6;
  }

  private static void awaitAllTargetsScraped() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String query = java.net.URLEncoder.encode("count(vllm:num_requests_running)", java.nio.charset.StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(prometheus.url() + "/api/v1/query?query=" + query)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode result = JSON.readTree(r.body()).path("data").path("result");
      if (result.size() == 1 && result.get(0).path("value").get(1).asDouble() == 3) {
        Thread.sleep(1500); // a couple more scrapes of the idle state before the run starts
        return;
      }
      Thread.sleep(200);
    }
    fail("Prometheus never scraped all three targets; log:\n" + prometheus.log());
  }

  @Test
  void reportsAreWrittenWithTheSpecNames(@TempDir Path dir) throws Exception {
    PrometheusReports reports;
    try (ServerMetricsCollector collector = prometheusCollector("modern-model", List.of())) {
      reports = collector.collect(stages, run);
    }
    List<Path> summaryOnly = reports.write(dir, "", PrometheusReport.defaults());
    assertEquals(List.of(dir.resolve("summary_prometheus_metrics.json")), summaryOnly);
    JsonNode root = JSON.readTree(summaryOnly.get(0).toFile());
    assertEquals(
        List.of("benchmark_time_seconds", "load_summary", "failures", "successes", "server_metrics"),
        iterate(root.fieldNames()));
    assertNotNull(root.path("successes").path("kv_cache_usage_percentage").get("max"));
  }

  private static List<String> iterate(java.util.Iterator<String> names) {
    List<String> out = new ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }
}
