package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.config.LoadConfig.LoraAdapter;
import io.inferenceperf.results.ResultsHeader;
import io.inferenceperf.results.ResultsReader;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * load.lora_traffic_split over real HTTP: each request's model is a seeded draw from the adapters, the adapters are
 * checked against the server's /v1/models before any load, and each adapter gets its own lifecycle reports.
 */
class LoraTrafficSplitEndToEndTest {

  private static final String DATA = """
      data:
        type: random
        input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
        output_distribution: {min: 2, max: 2, mean: 2, std_dev: 0, type: fixed}
      """;

  private static RunningSimulator simulator(List<String> adapters) {
    return Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 2, "itl_ms", 1,
        "lora_adapters", adapters)).orThrow());
  }

  @Test
  void requestsAreSpreadOverTheAdaptersWithReportsPerAdapter(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = simulator(List.of("sql-lora", "chat-lora"))) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          load:
            type: constant
            base_seed: 11
            interval: 0
            stages: [{rate: 60, duration: 1}, {rate: 60, duration: 1}]
            lora_traffic_split: [{name: sql-lora, split: 0.75}, {name: chat-lora, split: 0.25}]
          report: {request_lifecycle: {per_request: true, per_adapter_stage: true}}
          """.formatted(sim.baseUrl()) + DATA;
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());

      Map<String, Integer> sent = new HashMap<>();
      for (JsonNode entry : run.json("per_request_lifecycle_metrics.json")) {
        String model = CliRunner.JSON.readTree(entry.get("request").asText()).get("model").asText();
        assertEquals(model, entry.at("/info/lora_adapter").asText(), "the per-request file names the adapter");
        sent.merge(model, 1, Integer::sum);
      }
      assertEquals(120, sent.values().stream().mapToInt(Integer::intValue).sum());
      assertEquals(2, sent.size(), "only the adapters, never the base model: " + sent);
      assertTrue(sent.get("sql-lora") > 70 && sent.get("sql-lora") < 110, "about 75% of 120: " + sent);

      JsonNode sql = run.json("adapter_sql-lora_lifecycle_metrics.json");
      JsonNode chat = run.json("adapter_chat-lora_lifecycle_metrics.json");
      assertEquals(sent.get("sql-lora").intValue(), sql.at("/successes/count").asInt());
      assertEquals(sent.get("chat-lora").intValue(), chat.at("/successes/count").asInt());
      int stageCounts = 0;
      for (String adapter : List.of("sql-lora", "chat-lora")) {
        for (int stage = 0; stage < 2; stage++) {
          stageCounts += run.json("adapter_" + adapter + "_stage_" + stage + "_lifecycle_metrics.json")
              .at("/successes/count").asInt();
        }
      }
      assertEquals(120, stageCounts, "the adapters' stage reports split every stage's requests");

      ResultsHeader header = ResultsReader.header(run.reports().resolve("results.jsonl.gz"));
      assertEquals(List.of(new LoraAdapter("sql-lora", 0.75), new LoraAdapter("chat-lora", 0.25)),
          header.loraAdapters(), "the results header lists the adapters");

      // inference-perf report rebuilds the adapter reports from the results file, byte for byte.
      Path rebuilt = dir.resolve("rebuilt");
      CliRunner.Output report = CliRunner.cli("report", run.reports().toString(), "--output", rebuilt.toString());
      assertEquals(0, report.code(), report.err());
      for (String file : List.of("adapter_sql-lora_lifecycle_metrics.json",
          "adapter_chat-lora_stage_1_lifecycle_metrics.json")) {
        assertEquals(java.nio.file.Files.readString(run.reports().resolve(file)),
            java.nio.file.Files.readString(rebuilt.resolve(file)), file);
      }

      // The same seed sends the same adapter with every request.
      CliRunner.Result again = CliRunner.run(dir.resolve("again"), yaml);
      assertEquals(0, again.exitCode(), again.err());
      assertEquals(sql.at("/successes/count").asInt(),
          again.json("adapter_sql-lora_lifecycle_metrics.json").at("/successes/count").asInt());
    }
  }

  @Test
  void anAdapterTheServerDoesNotListStopsTheRunBeforeAnyLoad(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = simulator(List.of("sql-lora"))) {
      String yaml = """
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          load:
            type: constant
            stages: [{rate: 5, duration: 1}]
            lora_traffic_split: [{name: sql-lora, split: 0.5}, {name: missing-lora, split: 0.5}]
          """.formatted(sim.baseUrl()) + DATA;
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(2, run.exitCode(), run.err());
      assertTrue(run.err().contains("load.lora_traffic_split: adapter 'missing-lora' not served: GET "
          + sim.baseUrl() + "/v1/models lists simulated-model, sql-lora"), run.err());
      assertFalse(run.err().contains("Exception"), run.err());
      assertEquals(0, sim.truth().recentRequests().size(), "nothing was sent");
    }
  }

  @Test
  void theEmbeddedSimulatorServesTheConfiguredAdapters(@TempDir Path dir) throws Exception {
    String yaml = """
        server: {type: simulator}
        simulator: {profile: fixed, ttft_ms: 1, itl_ms: 1}
        load:
          type: constant
          stages: [{rate: 20, duration: 1}]
          lora_traffic_split: [{name: a, split: 0.5}, {name: b, split: 0.5}]
        """ + DATA;
    CliRunner.Result run = CliRunner.run(dir, yaml);
    assertEquals(0, run.exitCode(), run.err());
    int a = run.json("adapter_a_lifecycle_metrics.json").at("/successes/count").asInt();
    int b = run.json("adapter_b_lifecycle_metrics.json").at("/successes/count").asInt();
    assertEquals(20, a + b);
    assertFalse(run.has("adapter_a_stage_0_lifecycle_metrics.json"), "per_adapter_stage is off by default");
  }
}
