package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.servermetrics.PrometheusServer;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.metrics.TruthSnapshot;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.RefusingPort;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's view of a run, end to end: a real Prometheus scraping the simulator every second, the benchmark
 * asking it for each stage's window, and the numbers checked against what the simulator knows it did.
 */
class ServerMetricsEndToEndTest {

  static final String RUN = """
      api: {type: completion, streaming: true}
      server: {type: vllm, base_url: %s, model_name: simulated-model}
      data:
        type: random
        input_distribution: {min: 50, max: 50, mean: 50, std_dev: 0, type: fixed}
        output_distribution: {min: 20, max: 20, mean: 20, std_dev: 0, type: fixed}
      load: {type: constant, interval: 0, stages: [{rate: 10, duration: 3}, {rate: 20, duration: 3}]}
      metrics:
        type: prometheus
        prometheus: %s
      report: {prometheus: {summary: true, per_stage: true}}
      """;

  @Test
  void prometheusReportMatchesWhatTheSimulatorDid(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 20, "itl_ms", 2));
        PrometheusServer prometheus = PrometheusServer.start(List.of("127.0.0.1:" + sim.port()), 1)) {
      prometheus.awaitTargetsUp(1, java.time.Duration.ofSeconds(30));
      CliRunner.Result run = CliRunner.run(dir, RUN.formatted(sim.baseUrl(),
          "{url: " + prometheus.url() + ", scrape_interval: 1}"));
      assertEquals(0, run.exitCode(), run.err());
      TruthSnapshot truth = sim.truth().snapshot();
      assertServerReportMatches(run, truth);
      // inference-perf waits a scrape interval between stages when per-stage Prometheus reports are on.
      assertTrue(run.has("stage_0_prometheus_metrics.json") && run.has("stage_1_prometheus_metrics.json"));
      JsonNode stage1 = run.json("stage_1_prometheus_metrics.json");
      assertEquals(60.0, stage1.at("/successes/count").asDouble(), 0.5, "stage 1 requests");
      assertTrue(run.out().contains("TTFT"), run.out());
    }
  }

  @Test
  void directScrapingWorksWithoutPrometheus(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 20, "itl_ms", 2))) {
      CliRunner.Result run = CliRunner.run(dir, RUN.formatted(sim.baseUrl(), "{direct: true, scrape_interval: 1}"));
      assertEquals(0, run.exitCode(), run.err());
      assertServerReportMatches(run, sim.truth().snapshot());
    }
  }

  @Test
  void anUnreachablePrometheusNeverBreaksTheRun(@TempDir Path dir) throws Exception {
    try (RefusingPort refusing = new RefusingPort()) { // held open: no other server can take the port
      int port = refusing.port();
      try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 1))) {
        String yaml = RUN.formatted(sim.baseUrl(), "{url: \"http://127.0.0.1:" + port + "\", scrape_interval: 1}")
            .replace("duration: 3", "duration: 1");
        CliRunner.Result run = CliRunner.run(dir, yaml);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.has("summary_lifecycle_metrics.json"), "lifecycle reports are written");
        JsonNode summary = run.json("summary_prometheus_metrics.json");
        assertTrue(summary.toString().contains("127.0.0.1:" + port), "the error names the Prometheus: " + summary);
      }
    }
  }

  private static void assertServerReportMatches(CliRunner.Result run, TruthSnapshot truth) throws Exception {
    JsonNode successes = run.json("summary_prometheus_metrics.json").get("successes");
    assertEquals(90, truth.completed());
    // Counters are exact differences of scraped values: they must equal what the simulator counted.
    assertEquals(truth.completed(), successes.at("/count").asDouble(), 0.5, "requests");
    assertEquals(truth.generationTokens(), successes.at("/output_len/total").asDouble(), 0.5, "output tokens");
    assertEquals(truth.promptTokens(), successes.at("/prompt_len/total").asDouble(), 0.5, "prompt tokens");
    // Histogram means are exact too (sum / count); the simulator's TTFT is 20 ms.
    assertEquals(truth.ttft().meanMs() / 1000, successes.at("/time_to_first_token/mean").asDouble(), 0.002, "ttft");
  }
}
