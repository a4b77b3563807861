package io.inferenceperf.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.ServerConfig.ServerType;
import io.inferenceperf.servermetrics.FieldResult.CounterStats;
import io.inferenceperf.servermetrics.FieldResult.Failed;
import io.inferenceperf.servermetrics.FieldResult.GaugeStats;
import io.inferenceperf.servermetrics.FieldResult.HistogramStats;
import io.inferenceperf.servermetrics.FieldResult.Missing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportShapeAndTableTest {
  private static final QueryWindow TEN_SECONDS = new QueryWindow(1_000_000, 1_010_000, 1_011_000);
  private static final ReportShape.Context CONTEXT =
      new ReportShape.Context("prometheus", "http://prom:9090", "vllm", "model_name='m'");

  private static WindowMetrics vllmWindow(Integer stageId, double ttftMeanSeconds) {
    Map<String, FieldResult> fields = new LinkedHashMap<>();
    for (MetricSpec spec : ServerMetricCatalog.forServer(ServerType.VLLM)) {
      fields.put(spec.field(), new Missing(spec.candidateNames()));
    }
    fields.put("requests", new CounterStats("vllm:request_success_total", 40, 4, false));
    fields.put("prompt_tokens", new CounterStats("vllm:prompt_tokens_total", 4000, 400, false));
    fields.put("output_tokens", new Failed("vllm:generation_tokens_total", "timeout"));
    fields.put(
        "time_to_first_token",
        new HistogramStats("vllm:time_to_first_token_seconds", 40, 40 * ttftMeanSeconds, 4, ttftMeanSeconds, 0.1, 0.3,
            0.5, false));
    fields.put("queue_length", new GaugeStats("vllm:num_requests_waiting", 2.5, 2.0, 5.0, 6.0, 7.0, 1));
    fields.put("kv_cache_usage", new GaugeStats("vllm:kv_cache_usage_perc", 0.4213, 0.4, 0.8, 0.9, 0.95, 2));
    fields.put("prefix_cache_hits", new CounterStats("vllm:prefix_cache_hits_total", 30, 3, false));
    fields.put("prefix_cache_queries", new CounterStats("vllm:prefix_cache_queries_total", 0, 0, false));
    return new WindowMetrics(stageId, TEN_SECONDS, fields, List.of("timeout"), List.of());
  }

  @Test
  void vllmReportHasTheSpecKeysNullsForMissingAndOurAdditions() throws Exception {
    Map<String, Object> report = ReportShape.report(vllmWindow(null, 0.2), CONTEXT);
    JsonNode root = new ObjectMapper().valueToTree(report);
    assertEquals(10.0, root.path("benchmark_time_seconds").asDouble());
    JsonNode s = root.path("successes");
    assertEquals(
        List.of("count", "rate", "prompt_len", "output_len", "queue_len", "request_latency", "time_to_first_token"),
        fieldNames(s).subList(0, 7));
    assertEquals(40.0, s.path("count").asDouble());
    assertEquals(4.0, s.path("rate").asDouble());
    assertEquals(100.0, s.path("prompt_len").path("mean").asDouble(), "tokens per request");
    assertEquals(400.0, s.path("prompt_len").path("rate").asDouble());
    assertTrue(s.path("output_len").isNull(), "failed read is null, not 0");
    assertTrue(s.path("request_latency").isNull(), "missing metric is null, not 0");
    assertEquals(0.2, s.path("time_to_first_token").path("mean").asDouble(), 1e-12);
    assertEquals(40.0, s.path("time_to_first_token").path("count").asDouble());
    assertEquals(7.0, s.path("queue_len").path("max").asDouble());
    assertFalse(s.path("queue_len").has("series"));
    assertEquals(2, s.path("kv_cache_usage_percentage").path("series").asInt());
    assertTrue(s.path("prefix_cache_hit_percent").path("mean").isNull(), "no queries: undefined, not 0");
    assertEquals(40.0, s.path("request_success_count").asDouble());
    assertTrue(s.has("kv_block_reuse_gap"));
    JsonNode info = root.path("server_metrics");
    assertEquals("vllm:num_requests_waiting", info.path("metric_names").path("queue_length").asText());
    assertEquals("vllm:e2e_request_latency_seconds", info.path("missing").path("request_latency").get(0).asText());
    assertEquals("timeout", info.path("errors").get(0).asText());
    assertEquals("11s", info.path("window").path("query_range").asText());
  }

  @Test
  void tgiReportOnlyHasWhatTgiExposes() {
    Map<String, FieldResult> fields = new LinkedHashMap<>();
    fields.put("prompt_tokens", new HistogramStats("tgi_request_input_length", 4, 800, 0.4, 200.0, 150.0, 300.0, 390.0, false));
    fields.put("output_tokens", new Missing(List.of("tgi_request_generated_tokens")));
    fields.put("requests", new CounterStats("tgi_request_success", 4, 0.4, false));
    fields.put("request_latency", new Missing(List.of("tgi_request_duration")));
    fields.put("queue_length", new Missing(List.of("tgi_queue_size")));
    fields.put("time_per_output_token", new Missing(List.of("tgi_request_mean_time_per_token_duration")));
    Map<String, Object> s = ReportShape.successes(new WindowMetrics(0, TEN_SECONDS, fields, List.of(), List.of()));
    assertEquals(
        List.of("count", "rate", "prompt_len", "output_len", "queue_len", "request_latency", "time_per_output_token",
            "request_success_count"),
        List.copyOf(s.keySet()));
    @SuppressWarnings("unchecked")
    Map<String, Object> promptLen = (Map<String, Object>) s.get("prompt_len");
    assertEquals(200.0, promptLen.get("mean"));
    assertEquals(80.0, promptLen.get("rate"), "tokens per second from the histogram sum");
  }

  @Test
  void tableFitsEightyColumnsAndPutsServerNextToClient() {
    PrometheusReports reports =
        new PrometheusReports(CONTEXT, vllmWindow(null, 0.2), List.of(vllmWindow(0, 0.15), vllmWindow(1, 123.456)));
    List<String> lines =
        ServerMetricsTable.render(
            reports, Map.of(0, new ServerMetricsTable.ClientTtft(0.18, 0.35), -1, new ServerMetricsTable.ClientTtft(0.25, null)));
    lines.forEach(line -> assertTrue(line.length() <= 80, () -> line.length() + ": " + line));
    String stage0 = lines.stream().filter(l -> l.trim().startsWith("0 |")).findFirst().orElseThrow();
    assertTrue(stage0.contains("180.0") && stage0.contains("350.0"), stage0);
    assertTrue(stage0.contains("150.0") && stage0.contains("300.0"), stage0);
    assertTrue(stage0.contains("42.1") && stage0.contains("95.0"), "KV cache in percent: " + stage0);
    String stage1 = lines.stream().filter(l -> l.trim().startsWith("1 |")).findFirst().orElseThrow();
    assertTrue(stage1.contains("123456"), "large values still fit: " + stage1);
    assertTrue(stage1.contains(" - "), "no client numbers for stage 1: " + stage1);
    assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith("all |")));
    assertTrue(lines.get(lines.size() - 1).contains("timeout"), "problems are shown");
  }

  @Test
  void noReportsNoTable() {
    assertEquals(List.of(), ServerMetricsTable.render(PrometheusReports.none(), Map.of()));
    assertTrue(PrometheusReports.none().files(new io.inferenceperf.config.ReportConfig.PrometheusReport(true, true)).isEmpty());
    assertNull(PrometheusReports.none().summary());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
