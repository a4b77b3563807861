package io.inferenceperf.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.simulator.metrics.TruthSnapshot;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /metrics: names and types against a real vLLM v0.26 exposition, the other flavors, and the values. */
class MetricsTest {
  /** Families a real vLLM exposes that the simulator does not model (FLOPs and bandwidth estimates). */
  private static final Set<String> NOT_SIMULATED =
      Set.of(
          "vllm:estimated_flops_per_gpu_total",
          "vllm:estimated_read_bytes_per_gpu_total",
          "vllm:estimated_write_bytes_per_gpu_total");

  @TempDir Path temp;

  private static Map<String, String> vllmReferenceFamilies() throws IOException {
    Map<String, String> families = new LinkedHashMap<>();
    try (InputStream in = MetricsTest.class.getResourceAsStream("/simulator/vllm-v0.26.0-metric-families.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          String[] parts = line.trim().split(" ");
          families.put(parts[0], parts[1]);
        }
      }
    }
    return families;
  }

  /** Runs a few requests and returns the /metrics text. */
  private static String scrape(RunningSimulator sim, int requests) {
    SimHttp http = new SimHttp(sim.baseUrl());
    for (int i = 0; i < requests; i++) {
      http.stream("/v1/completions", SimHttp.completion("shared prefix words here " + "w ".repeat(40) + i, 5, true, true));
    }
    var response = http.get("/metrics");
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/plain; version=0.0.4"));
    return response.body();
  }

  @Test
  void vllmFamiliesMatchARealV026ServerByNameAndType() throws IOException {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "zero"))) {
      Map<String, PromExposition.Family> ours = PromExposition.parse(scrape(sim, 3));
      Map<String, String> reference = vllmReferenceFamilies();
      for (PromExposition.Family family : ours.values()) {
        assertEquals(reference.get(family.name()), family.type(), "family " + family.name() + " vs vLLM v0.26");
      }
      for (Map.Entry<String, String> expected : reference.entrySet()) {
        if (!NOT_SIMULATED.contains(expected.getKey())) {
          assertTrue(ours.containsKey(expected.getKey()), "missing " + expected.getKey());
        }
      }
      for (PromExposition.Family family : ours.values()) {
        for (PromExposition.Sample sample : family.samples()) {
          if (!family.name().equals("vllm:cache_config_info")) {
            assertEquals("simulated-model", sample.labels().get("model_name"), sample.toString());
          }
        }
      }
    }
  }

  @Test
  void valuesAgreeWithWhatWasServed() {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "zero"))) {
      Map<String, PromExposition.Family> m = PromExposition.parse(scrape(sim, 4));
      TruthSnapshot truth = sim.truth().snapshot();
      assertEquals(4, truth.completed());
      assertEquals(truth.promptTokens(), m.get("vllm:prompt_tokens_total").sum("vllm:prompt_tokens_total"));
      assertEquals(20, m.get("vllm:generation_tokens_total").sum("vllm:generation_tokens_total"));
      assertEquals(4, m.get("vllm:request_success_total").value("vllm:request_success_total", "finished_reason", "length"));
      assertEquals(4, m.get("vllm:e2e_request_latency_seconds").value("vllm:e2e_request_latency_seconds_count"));
      assertEquals(4, m.get("vllm:time_to_first_token_seconds").value("vllm:time_to_first_token_seconds_count"));
      assertEquals(4 * 4, m.get("vllm:inter_token_latency_seconds").value("vllm:inter_token_latency_seconds_count"));
      assertEquals(4, m.get("vllm:request_generation_tokens").value("vllm:request_generation_tokens_bucket", "le", "5.0"));
      assertEquals(0, m.get("vllm:request_generation_tokens").value("vllm:request_generation_tokens_bucket", "le", "2.0"));
      double hits = m.get("vllm:prefix_cache_hits_total").sum("vllm:prefix_cache_hits_total");
      assertEquals(truth.cachedTokens(), hits);
      assertTrue(hits >= 3 * 32, "the shared 44-word prefix hits two 16-token blocks in requests 2-4: " + hits);
      assertEquals(truth.promptTokens(), m.get("vllm:prefix_cache_queries_total").sum("vllm:prefix_cache_queries_total"));
      assertEquals(0, m.get("vllm:num_requests_running").sum("vllm:num_requests_running"));
      for (PromExposition.Family family : m.values()) {
        if (family.type().equals("histogram")) {
          assertCumulative(family);
        }
      }
    }
  }

  private static void assertCumulative(PromExposition.Family family) {
    List<PromExposition.Sample> buckets =
        family.samples().stream().filter(s -> s.name().endsWith("_bucket")).toList();
    double previousBound = Double.NEGATIVE_INFINITY;
    double previousCount = 0;
    for (PromExposition.Sample bucket : buckets) {
      double bound = Double.parseDouble(bucket.labels().get("le").replace("+Inf", "Infinity"));
      assertTrue(bound > previousBound, family.name() + " bounds ascend");
      assertTrue(bucket.value() >= previousCount, family.name() + " counts are cumulative");
      previousBound = bound;
      previousCount = bucket.value();
    }
    assertEquals(Double.POSITIVE_INFINITY, previousBound, family.name() + " ends with +Inf");
    assertEquals(previousCount, family.value(family.name() + "_count"), family.name() + " +Inf equals _count");
  }

  @Test
  void legacyNamesAreAddedOnRequest() {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "zero", "metrics_legacy_names", true))) {
      Map<String, PromExposition.Family> m = PromExposition.parse(scrape(sim, 1));
      assertEquals("gauge", m.get("vllm:gpu_cache_usage_perc").type());
      assertEquals("histogram", m.get("vllm:time_per_output_token_seconds").type());
      assertEquals("gauge", m.get("vllm:num_requests_swapped").type());
      assertEquals("counter", m.get("vllm:gpu_prefix_cache_hits_total").type());
    }
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "zero"))) {
      assertFalse(PromExposition.parse(scrape(sim, 0)).containsKey("vllm:gpu_cache_usage_perc"));
    }
  }

  @Test
  void sglangFlavorUsesTheNamesInferencePerfQueries() {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "zero", "metrics_flavor", "sglang"))) {
      Map<String, PromExposition.Family> m = PromExposition.parse(scrape(sim, 2));
      Map<String, String> expected =
          Map.of(
              "sglang:prompt_tokens_total", "counter",
              "sglang:generation_tokens_total", "counter",
              "sglang:e2e_request_latency_seconds", "histogram",
              "sglang:num_queue_reqs", "gauge",
              "sglang:time_per_output_token_seconds", "histogram",
              "sglang:time_to_first_token_seconds", "histogram",
              "sglang:inter_token_latency_seconds", "histogram",
              "sglang:token_usage", "gauge");
      expected.forEach((name, type) -> assertEquals(type, m.get(name) == null ? null : m.get(name).type(), name));
      assertEquals(2, m.get("sglang:e2e_request_latency_seconds").value("sglang:e2e_request_latency_seconds_count"));
      assertEquals(10, m.get("sglang:generation_tokens_total").sum("sglang:generation_tokens_total"));
      assertTrue(m.keySet().stream().allMatch(n -> n.startsWith("sglang:")), m.keySet().toString());
      m.values().forEach(f -> f.samples().forEach(s -> assertEquals("simulated-model", s.labels().get("model_name"))));
    }
  }

  @Test
  void tgiFlavorUsesTheNamesInferencePerfQueries() {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "zero", "metrics_flavor", "tgi"))) {
      Map<String, PromExposition.Family> m = PromExposition.parse(scrape(sim, 3));
      Map<String, String> expected =
          Map.of(
              "tgi_request_input_length", "histogram",
              "tgi_request_generated_tokens", "histogram",
              "tgi_request_success", "counter",
              "tgi_request_duration", "histogram",
              "tgi_queue_size", "gauge",
              "tgi_request_mean_time_per_token_duration", "histogram");
      expected.forEach((name, type) -> assertEquals(type, m.get(name) == null ? null : m.get(name).type(), name));
      assertEquals(3, m.get("tgi_request_success").sum("tgi_request_success"));
      assertEquals(15, m.get("tgi_request_generated_tokens").value("tgi_request_generated_tokens_sum"));
      assertTrue(m.keySet().stream().allMatch(n -> n.startsWith("tgi_")), m.keySet().toString());
    }
  }

  /** The real Prometheus tool validates the exposition (skipped where promtool is not installed). */
  @Test
  void promtoolAcceptsEveryFlavor() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool not installed");
    for (String flavor : List.of("vllm", "sglang", "tgi")) {
      try (RunningSimulator sim =
          Simulator.start(SimulatorOptions.of("profile", "zero", "metrics_flavor", flavor, "metrics_legacy_names", true))) {
        Path file = temp.resolve(flavor + ".prom");
        Files.writeString(file, scrape(sim, 2));
        Process check =
            new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectInput(file.toFile()).redirectErrorStream(true).start();
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // promtool parses strictly, then lints style. The colons of vLLM's and SGLang's names, vLLM's
        // iteration_tokens_total histogram and TGI's counters (without _total, and tgi_request_count) are how those servers really name
        // them, so only those lints are allowed.
        assertFalse(output.contains("error while linting"), flavor + ": " + output);
        List<String> allowed =
            List.of(
                "metric names should not contain ':'",
                "vllm:iteration_tokens_total non-counter metrics should not have \"_total\" suffix",
                flavor.equals("tgi") ? "counter metrics should have \"_total\" suffix" : "(none)",
                flavor.equals("tgi") ? "tgi_request_count non-histogram and non-summary metrics" : "(none)");
        for (String line : output.split("\n")) {
          assertTrue(line.isBlank() || allowed.stream().anyMatch(line::contains), flavor + ": " + line);
        }
      }
    }
  }
}
