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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The API options of issue 2 point 4 through whole runs over real HTTP: non-streaming completion and chat against the
 * simulator, and what actually reaches the server (Authorization from server.api_key, api.headers, ignore_eos, the
 * model read from /v1/models) against a capturing fixture.
 */
class ApiEndToEndTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"completion, /v1/completions", "chat, /v1/chat/completions"})
  void nonStreamingRunsMeasureLatencyAndTokensButNoTokenTimes(String api, String route, @TempDir Path dir)
      throws Exception {
    SimulatorOptions options = SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 20, "itl_ms", 2,
        "model", "served-model")).orThrow();
    try (RunningSimulator sim = Simulator.start(options)) {
      String yaml = """
          api: {type: %s, streaming: false}
          server: {type: vllm, base_url: %s, ignore_eos: true}
          data:
            type: random
            input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
            output_distribution: {min: 8, max: 8, mean: 8, std_dev: 0, type: fixed}
          load: {type: constant, base_seed: 5, stages: [{rate: 20, duration: 1}]}
          report: {request_lifecycle: {per_request: true}}
          """.formatted(api, sim.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());

      TruthSnapshot truth = sim.truth().snapshot();
      assertEquals(20, truth.completed(), "the server answered every request");
      List<RequestTruth> requests = sim.truth().recentRequests();
      assertEquals(20, requests.size());
      for (RequestTruth request : requests) {
        assertEquals(route, request.route());
        assertFalse(request.streaming(), "the server saw non-streaming requests");
      }

      JsonNode summary = run.json("summary_lifecycle_metrics.json");
      assertEquals(20, summary.at("/successes/count").asInt(), summary.toString());
      assertEquals(truth.generationTokens(), summary.at("/successes/output_tokens/total").asLong());
      assertEquals(160, truth.generationTokens());
      JsonNode latency = summary.at("/successes/latency");
      // 20 ms to the first token and 7 gaps of 2 ms: the whole answer takes at least 34 ms on the server.
      assertTrue(latency.at("/request_latency/min").asDouble() >= 0.034, latency.toString());
      // No token arrival times without streaming: like inference-perf, no TTFT, ITL or TPOT.
      assertTrue(latency.get("time_to_first_token").isNull(), latency.toString());
      assertTrue(latency.get("inter_token_latency").isNull(), latency.toString());
      assertTrue(latency.get("time_per_output_token").isNull(), latency.toString());
      assertEquals(0.034 / 8, latency.at("/normalized_time_per_output_token/min").asDouble(), 0.02);

      for (JsonNode entry : run.json("per_request_lifecycle_metrics.json")) {
        JsonNode body = CliRunner.JSON.readTree(entry.get("request").asText());
        assertFalse(body.get("stream").asBoolean(), body.toString());
        assertFalse(body.has("stream_options"), "no stream options without streaming: " + body);
        assertEquals("served-model", body.get("model").asText(), "model read from /v1/models");
        JsonNode response = CliRunner.JSON.readTree(entry.get("response").asText());
        assertEquals(8, response.at("/usage/completion_tokens").asInt(), response.toString());
        assertTrue(entry.get("ttft").isNull());
        assertEquals(8, entry.at("/info/response_metrics/server_usage/completion_tokens").asInt());
      }
    }
  }

  @Test
  void apiKeyHeadersIgnoreEosAndTheListedModelReachTheServer(@TempDir Path dir) throws Exception {
    try (CapturingOpenAiServer server = new CapturingOpenAiServer("fixture-model-7b")) {
      String yaml = """
          api:
            type: chat
            streaming: true
            headers: {x-team: perf, X-Trace-Id: trace-42, X-Api-Key: header-secret}
          server: {type: vllm, base_url: %s, api_key: sk-fixture-123, ignore_eos: false}
          data: {type: mock}
          load: {type: constant, base_seed: 3, stages: [{rate: 10, duration: 1}]}
          """.formatted(server.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());

      List<CapturingOpenAiServer.Received> models = server.received("/v1/models");
      assertEquals(1, models.size(), "the model name was looked up once");
      assertEquals("Bearer sk-fixture-123", models.get(0).headers().get("authorization"));

      List<CapturingOpenAiServer.Received> chats = server.received("/v1/chat/completions");
      assertEquals(10, chats.size());
      for (CapturingOpenAiServer.Received chat : chats) {
        assertEquals("POST", chat.method());
        assertEquals("Bearer sk-fixture-123", chat.headers().get("authorization"), chat.headers().toString());
        assertEquals("perf", chat.headers().get("x-team"));
        assertEquals("trace-42", chat.headers().get("x-trace-id"));
        assertEquals("header-secret", chat.headers().get("x-api-key"));
        assertTrue(chat.headers().get("content-type").startsWith("application/json"));
        JsonNode body = chat.json();
        assertEquals("fixture-model-7b", body.get("model").asText());
        assertFalse(body.get("ignore_eos").asBoolean(), body.toString());
        assertTrue(body.get("stream").asBoolean());
        assertTrue(body.at("/stream_options/include_usage").asBoolean(), body.toString());
        assertEquals("user", body.at("/messages/0/role").asText());
      }

      JsonNode summary = run.json("summary_lifecycle_metrics.json");
      assertEquals(10, summary.at("/successes/count").asInt(), summary.toString());
      assertEquals(30, summary.at("/successes/output_tokens/total").asInt(), "three tokens each, from usage");
      assertEquals(3.0, summary.at("/successes/output_len/median").asDouble(), "three content chunks each");
      assertTrue(summary.at("/successes/latency/time_to_first_token/median").asDouble() > 0);
      // The report says who counted: the server's usage for output tokens, the built-in approximation otherwise.
      JsonNode measurement = summary.get("measurement");
      assertEquals("server_usage", measurement.get("output_tokens_source").asText(), measurement.toString());
      assertTrue(measurement.get("tokenizer").asText().startsWith("approximate"), measurement.toString());
      assertEquals("per_chunk", measurement.get("itl_granularity").asText(), measurement.toString());
      String config = Files.readString(run.reports().resolve("config.yaml"));
      assertFalse(config.contains("sk-fixture-123"), config);
      assertFalse(config.contains("header-secret"), config);
      assertTrue(config.contains("trace-42"), "ordinary headers are kept: " + config);
    }
  }
}
