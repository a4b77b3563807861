package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.metrics.RequestTruth;
import io.inferenceperf.simulator.metrics.TruthSnapshot;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * api.type anthropic_messages against the simulator's POST /v1/messages over real HTTP: the Messages body goes out,
 * the Messages events (or body) come back, and the report's counts and times agree with the simulator's ground
 * truth; injected faults come back as failures under their labels.
 */
class AnthropicEndToEndTest {

  @ParameterizedTest(name = "streaming {0}")
  @ValueSource(booleans = {true, false})
  void messagesRunsAgreeWithTheServersTruth(boolean streaming, @TempDir Path dir) throws Exception {
    SimulatorOptions options = SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 20, "itl_ms", 2,
        "model", "served-model", "seed", 4)).orThrow();
    try (RunningSimulator sim = Simulator.start(options)) {
      String yaml = """
          api: {type: anthropic_messages, streaming: %s}
          server: {type: vllm, base_url: %s, api_key: sk-ant-test}
          data:
            type: random
            input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
            output_distribution: {min: 12, max: 12, mean: 12, std_dev: 0, type: fixed}
          load: {type: constant, base_seed: 5, stages: [{rate: 20, duration: 1}]}
          report: {request_lifecycle: {per_request: true}}
          """.formatted(streaming, sim.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());

      TruthSnapshot truth = sim.truth().snapshot();
      assertEquals(20, truth.completed(), "the server answered every request");
      for (RequestTruth request : sim.truth().recentRequests()) {
        assertEquals("/v1/messages", request.route());
        assertEquals(streaming, request.streaming());
      }
      JsonNode summary = run.json("summary_lifecycle_metrics.json");
      assertEquals(20, summary.at("/successes/count").asInt(), summary.toString());
      assertEquals(truth.generationTokens(), summary.at("/successes/output_tokens/total").asLong(),
          "output tokens are the server's output_tokens");
      assertTrue(truth.generationTokens() > 0);
      JsonNode latency = summary.at("/successes/latency");
      assertTrue(latency.at("/request_latency/min").asDouble() >= 0.020, latency.toString());
      assertEquals(truth.promptTokens(), 20 * summary.at("/successes/prompt_len/mean").asDouble(), 0.5,
          "input tokens are the server's input_tokens");
      if (streaming) {
        assertTrue(latency.at("/time_to_first_token/min").asDouble() >= 0.020, latency.toString());
        // A stall can deliver one request's whole stream in a single read (its TTFT equals its latency), so the
        // strict check is on the median: the typical first token arrives well before the last.
        assertTrue(latency.at("/time_to_first_token/max").asDouble() <= latency.at("/request_latency/max").asDouble(),
            latency.toString());
        assertTrue(latency.at("/time_to_first_token/median").asDouble()
            < latency.at("/request_latency/median").asDouble(), latency.toString());
        assertFalse(latency.get("inter_token_latency").isNull(), latency.toString());
      } else {
        assertTrue(latency.get("time_to_first_token").isNull(), latency.toString());
      }

      for (JsonNode entry : run.json("per_request_lifecycle_metrics.json")) {
        JsonNode body = CliRunner.JSON.readTree(entry.get("request").asText());
        assertEquals("served-model", body.get("model").asText());
        assertEquals("user", body.at("/messages/0/role").asText());
        assertEquals(12, body.get("max_tokens").asInt());
        assertEquals(streaming, body.get("stream").asBoolean());
        assertFalse(body.has("ignore_eos") || body.has("stream_options"), body.toString());
        if (!streaming) {
          JsonNode response = CliRunner.JSON.readTree(entry.get("response").asText());
          assertEquals("message", response.get("type").asText(), response.toString());
          assertFalse(response.at("/content/0/text").asText().isEmpty());
        }
      }
    }
  }

  @Test
  void injectedFaultsAreFailuresUnderTheirLabels(@TempDir Path dir) throws Exception {
    SimulatorOptions options = SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 2,
        "seed", 9, "fault_429_fraction", 0.25, "fault_cut_fraction", 0.25)).orThrow();
    try (RunningSimulator sim = Simulator.start(options)) {
      String yaml = """
          api: {type: anthropic_messages, streaming: true}
          server: {type: vllm, base_url: %s}
          data: {type: mock}
          load: {type: constant, base_seed: 5, stages: [{rate: 40, duration: 1}]}
          report: {request_lifecycle: {per_request: true}}
          """.formatted(sim.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      TruthSnapshot truth = sim.truth().snapshot();
      long rateLimited = truth.faults().getOrDefault("http_429", 0L);
      long cut = truth.faults().getOrDefault("cut", 0L);
      assertTrue(rateLimited >= 1 && cut >= 1, "faults injected: " + truth.faults());

      JsonNode failures = run.json("summary_lifecycle_metrics.json").get("failures");
      assertEquals(rateLimited + cut, failures.get("count").asLong(), failures.toString());
      assertEquals(rateLimited, failures.at("/by_label/429 - Rate Limit/count").asLong(), failures.toString());
      assertEquals(cut, failures.at("/by_label/Stream Cut/count").asLong(), failures.toString());
      for (JsonNode entry : run.json("per_request_lifecycle_metrics.json")) {
        if (entry.at("/error/label").asText().equals("429 - Rate Limit")) {
          assertTrue(entry.toString().contains("rate_limit_error"), "the Messages error body is kept: " + entry);
        }
      }
    }
  }
}
