package io.inferenceperf.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.inferenceperf.config.MetricsConfig;
import io.inferenceperf.config.MetricsConfig.MetricsType;
import io.inferenceperf.config.MetricsConfig.PrometheusConfig;
import io.inferenceperf.config.ReportConfig.PrometheusReport;
import io.inferenceperf.config.ServerConfig.ServerType;
import io.inferenceperf.testkit.RefusingPort;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector's contract around configuration and failures: never throws, always bounded, errors as data. */
class ServerMetricsCollectorTest {
  private static final long NOW = System.currentTimeMillis();
  private static final List<StageWindow> STAGES =
      List.of(new StageWindow(0, NOW - 20_000, NOW - 15_000), new StageWindow(1, NOW - 14_000, NOW - 9_000));
  private static final TimeWindow RUN = new TimeWindow(NOW - 21_000, NOW - 9_000);

  private static MetricsConfig prometheus(String url, boolean googleManaged) {
    return new MetricsConfig(MetricsType.PROMETHEUS, new PrometheusConfig(url, 1, List.of(), googleManaged));
  }

  @Test
  void defaultTypeCollectsNothing() {
    for (MetricsConfig config : new MetricsConfig[] {null, MetricsConfig.none()}) {
      try (ServerMetricsCollector c =
          ServerMetricsCollector.create(config, ServerType.VLLM, "m", "http://x", ServerMetricsOptions.defaults())) {
        assertFalse(c.enabled());
        c.start();
        assertTrue(c.collect(STAGES, RUN).isEmpty());
      }
    }
  }

  @Test
  void configurationProblemsNameTheKeyToFix() {
    ServerMetricsOptions none = ServerMetricsOptions.defaults();
    assertEquals(
        List.of("metrics.prometheus is required when metrics.type is prometheus"),
        ServerMetricsCollector.problems(new MetricsConfig(MetricsType.PROMETHEUS, null), none, null));
    String both = ServerMetricsCollector.problems(prometheus("http://p:9090", true), none, null).get(0);
    assertTrue(both.contains("metrics.prometheus.url") && both.contains("google_managed"), both);
    assertEquals(1, ServerMetricsCollector.problems(prometheus(null, false), none, null).size());
    assertTrue(
        ServerMetricsCollector.problems(prometheus("prometheus:9090", false), none, null).get(0).contains("not an http"));
    assertEquals(List.of(), ServerMetricsCollector.problems(prometheus("http://prometheus-operated.monitoring.svc.cluster.local:9090", false), none, null));
    ServerMetricsOptions direct = ServerMetricsOptions.direct(List.of());
    assertTrue(ServerMetricsCollector.problems(prometheus(null, false), direct, null).get(0).contains("direct_targets"));
    assertEquals(List.of(), ServerMetricsCollector.problems(prometheus(null, false), direct, "http://vllm:8000"));
    assertTrue(
        ServerMetricsCollector.problems(prometheus(null, false), ServerMetricsOptions.direct(List.of("vllm:8000")), null)
            .get(0)
            .contains("direct_targets entry 'vllm:8000'"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ServerMetricsCollector.create(prometheus(null, false), ServerType.VLLM, "m", null, none));
    assertTrue(e.getMessage().contains("metrics.prometheus.url"));
  }

  @Test
  void prometheusDownGivesReportsThatSaySo(@TempDir Path dir) throws Exception {
    try (RefusingPort refusing = new RefusingPort()) { // held open: no other server can take the port
      int closedPort = refusing.port();
      long startNanos = System.nanoTime();
      PrometheusReports reports;
      try (ServerMetricsCollector c =
          ServerMetricsCollector.create(
              prometheus("http://127.0.0.1:" + closedPort, false), ServerType.VLLM, "m", null,
              ServerMetricsOptions.defaults())) {
        reports = c.collect(STAGES, RUN);
      }
      assertTrue(System.nanoTime() - startNanos < Duration.ofSeconds(20).toNanos(), "bounded");
      assertEquals(1, reports.errors().size(), reports.errors().toString());
      assertTrue(reports.errors().get(0).contains("cannot reach Prometheus at http://127.0.0.1:" + closedPort));
      List<Path> files = reports.write(dir, "p_", new PrometheusReport(true, true));
      assertEquals(3, files.size());
      JsonNode summary = new ObjectMapper().readTree(dir.resolve("p_summary_prometheus_metrics.json").toFile());
      assertTrue(summary.path("successes").path("count").isNull());
      assertTrue(summary.path("successes").path("time_to_first_token").isNull());
      assertTrue(summary.path("server_metrics").path("errors").get(0).asText().contains("cannot reach"));
    }
  }

  @Test
  void aPrometheusThatHangsIsBoundedByTheTimeouts() throws Exception {
    ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    server.createContext(
        "/api/v1/query",
        exchange -> {
          String query = exchange.getRequestURI().getQuery();
          if (!query.contains("vector(1)")) {
            try {
              Thread.sleep(20_000); // hangs; interrupted when the test ends
            } catch (InterruptedException e) {
              return;
            }
          }
          byte[] body =
              "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"1\"]}]}}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      ServerMetricsOptions opts =
          ServerMetricsOptions.defaults().withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(2));
      long startNanos = System.nanoTime();
      PrometheusReports reports;
      try (ServerMetricsCollector c =
          ServerMetricsCollector.create(
              prometheus("http://127.0.0.1:" + server.getAddress().getPort(), false), ServerType.SGLANG, "m", null,
              opts)) {
        reports = c.collect(STAGES, RUN);
      }
      long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
      assertTrue(elapsedMillis < 15_000, "took " + elapsedMillis + " ms");
      assertFalse(reports.errors().isEmpty());
      assertTrue(
          reports.errors().stream().anyMatch(e -> e.contains("did not answer within 300 ms") || e.contains("ran out")),
          reports.errors().toString());
      assertTrue(ReportShape.successes(reports.summary()).values().stream().allMatch(v -> v == null));
    } finally {
      server.stop(0);
      handlers.shutdownNow();
    }
  }

  @Test
  void directModeWithoutStartSaysCountersCannotBeMeasured() throws Exception {
    try (ScriptedVllmTarget target = new ScriptedVllmTarget("m", false);
        ServerMetricsCollector c =
            ServerMetricsCollector.create(
                prometheus(null, false), ServerType.VLLM, "m", null,
                ServerMetricsOptions.direct(List.of(target.metricsUrl())))) {
      PrometheusReports reports = c.collect(STAGES, RUN);
      assertTrue(reports.errors().get(0).contains("not started"), reports.errors().toString());
    }
  }

  @Test
  void directModeReportsAnUnreachableTarget() throws Exception {
    try (RefusingPort refusing = new RefusingPort()) { // held open: no other server can take the port
      int closedPort = refusing.port();
      try (ServerMetricsCollector c =
          ServerMetricsCollector.create(
              prometheus(null, false), ServerType.VLLM, "m", "http://127.0.0.1:" + closedPort,
              ServerMetricsOptions.direct(List.of()))) {
        c.start();
        PrometheusReports reports = c.collect(STAGES, RUN);
        assertEquals("direct_scrape", reports.context().source());
        assertEquals("http://127.0.0.1:" + closedPort + "/metrics", reports.context().endpoint());
        assertTrue(reports.errors().get(0).startsWith("scrape of http://127.0.0.1:" + closedPort + "/metrics failed"),
            reports.errors().toString());
        assertTrue(reports.summary().fields().values().stream().allMatch(f -> f instanceof FieldResult.Missing));
      }
    }
  }
}
