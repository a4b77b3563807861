package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.metrics.RequestTruth;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.TimingSensitive;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-request file of issue 2 point 8 from a real run: every entry carries its stage and its own TTFT, TPOT and
 * latency, consistent with its own timestamps by inference-perf's formulas, and each request's TTFT agrees with what
 * the simulator recorded for that same request (matched by the response id).
 */
@TimingSensitive
class PerRequestEndToEndTest {

  @Test
  void entriesCarryStageTtftTpotAndLatencyConsistentWithTheServer(@TempDir Path dir) throws Exception {
    SimulatorOptions options = SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 15, "itl_ms", 3,
        "reasoning_tokens", 2)).orThrow();
    try (RunningSimulator sim = Simulator.start(options)) {
      String yaml = """
          api: {type: chat, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          data:
            type: random
            input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
            output_distribution: {min: 6, max: 6, mean: 6, std_dev: 0, type: fixed}
          load: {type: constant, interval: 0, base_seed: 4, stages: [{rate: 10, duration: 1}, {rate: 20, duration: 0.5}]}
          report: {request_lifecycle: {per_request: true}}
          """.formatted(sim.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());

      Map<String, RequestTruth> serverById = new HashMap<>();
      for (RequestTruth truth : sim.truth().recentRequests()) serverById.put(truth.requestId(), truth);
      int[] perStage = new int[2];
      for (JsonNode e : run.json("per_request_lifecycle_metrics.json")) {
        perStage[e.get("stage_id").asInt()]++;
        double start = e.get("start_time").asDouble();
        double end = e.get("end_time").asDouble();
        assertEquals(end - start, e.get("request_latency").asDouble(), 1e-6, e.toString());
        assertTrue(e.get("scheduled_time").asDouble() <= start + 1e-6, "sent at or after its due time");

        JsonNode times = e.at("/info/response_metrics/output_token_times");
        // inference-perf's response_chunks: the JSON of each token-carrying event, one per chunk time.
        JsonNode chunks = e.at("/info/response_metrics/response_chunks");
        assertEquals(e.at("/info/response_metrics/chunk_times").size(), chunks.size(), e.toString());
        assertEquals(" the", CliRunner.JSON.readTree(chunks.get(0).asText()).at("/choices/0/delta/reasoning_content")
            .asText(), "the first token is reasoning: " + chunks);
        int tokens = e.at("/info/response_metrics/output_tokens").asInt();
        assertEquals(6, e.at("/info/response_metrics/server_usage/completion_tokens").asInt());
        double first = times.get(0).asDouble();
        double last = times.get(times.size() - 1).asDouble();
        assertEquals(first - start, e.get("ttft").asDouble(), 1e-6, "TTFT = first token time - start");
        assertEquals((last - first) / (tokens - 1), e.get("tpot").asDouble(), 1e-6, "TPOT formula");
        assertEquals((end - start) / tokens, e.get("ntpot").asDouble(), 1e-6, "NTPOT formula");
        // The first two tokens are reasoning: TTFT counts them, time to first content token comes with the third.
        assertEquals(times.get(2).asDouble() - start, e.get("time_to_first_content_token").asDouble(), 1e-6);

        RequestTruth server = serverById.get(responseId(e.get("response").asText()));
        assertNotNull(server, "the server saw this request");
        double serverTtft = server.ttftNanos() / 1e9;
        double clientTtft = e.get("ttft").asDouble();
        // Same clock in one JVM: the client's TTFT includes the network, so it can only be longer.
        assertTrue(clientTtft >= serverTtft, "client " + clientTtft + " < server " + serverTtft);
        assertTrue(clientTtft - serverTtft < 0.05, "client " + clientTtft + " vs server " + serverTtft + " "
            + server + " " + java.util.Arrays.toString(server.tokenWriteNanos()) + " sent at " + start);
      }
      assertEquals(10, perStage[0]);
      assertEquals(10, perStage[1]);
    }
  }

  /** The simulator's request id from the first SSE event's "id" (chatcmpl-ID). */
  private static String responseId(String sse) throws Exception {
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: {")) {
        String id = CliRunner.JSON.readTree(line.substring(6)).get("id").asText();
        return id.substring(id.indexOf('-') + 1);
      }
    }
    throw new AssertionError("no SSE event in " + sse);
  }
}
