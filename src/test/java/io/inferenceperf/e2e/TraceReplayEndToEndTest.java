package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.metrics.RequestTruth;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * load.type trace_replay over real HTTP: requests leave at the trace's times (relative to its first row), every
 * stage replays the trace from its start, and with the same file as data.trace each request has its row's lengths.
 */
class TraceReplayEndToEndTest {

  private static final String TRACE = """
      TIMESTAMP,ContextTokens,GeneratedTokens
      2023-11-16 18:15:46.1000000,40,3
      2023-11-16 18:15:46.3000000,30,5
      2023-11-16 18:15:46.3500000,50,2
      2023-11-16 18:15:47.0000000,20,4
      """;

  private static RunningSimulator simulator() {
    return Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 2))
        .orThrow());
  }

  @Test
  void requestsLeaveAtTheTraceTimesWithTheTraceLengths(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("trace.csv");
    Files.writeString(trace, TRACE);
    try (RunningSimulator sim = simulator()) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          data: {type: random, trace: {file: %s, format: AzurePublicDataset}}
          load:
            type: trace_replay
            interval: 0.2
            trace: {file: %s, format: AzurePublicDataset}
            stages: [{rate: 1, duration: 1}, {rate: 1, duration: 1}]
          report: {request_lifecycle: {per_request: true}}
          """.formatted(sim.baseUrl(), trace, trace);
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());

      // data.trace is set: every stage sends all 4 rows (inference-perf's request count from the data).
      List<RequestTruth> server = new ArrayList<>(sim.truth().recentRequests());
      assertEquals(8, server.size());
      List<JsonNode> entries = new ArrayList<>();
      run.json("per_request_lifecycle_metrics.json").forEach(entries::add);
      assertEquals(8, entries.size());
      entries.sort(Comparator.comparingDouble(e -> e.get("scheduled_time").asDouble()));
      double[] expected = {0, 0.2, 0.25, 0.9};
      for (int stage = 0; stage < 2; stage++) {
        double start = entries.get(stage * 4).get("scheduled_time").asDouble();
        for (int i = 0; i < 4; i++) {
          double offset = entries.get(stage * 4 + i).get("scheduled_time").asDouble() - start;
          assertEquals(expected[i], offset, 1e-6, "stage " + stage + " row " + i + " at the trace's time");
        }
      }
      server.sort(Comparator.comparingLong(RequestTruth::arrivalNanos));
      double serverGap = (server.get(3).arrivalNanos() - server.get(0).arrivalNanos()) / 1e9;
      assertEquals(0.9, serverGap, 0.08, "the server saw the trace's spacing");
      List<Integer> outputs = server.subList(0, 4).stream().map(RequestTruth::completionTokens).toList();
      assertEquals(List.of(3, 5, 2, 4), outputs, "GeneratedTokens of each row, in time order");

      JsonNode stage = run.json("stage_1_lifecycle_metrics.json");
      assertEquals(4, stage.at("/successes/count").asInt());
    }
  }

  @Test
  void withoutDataTraceAStageSendsRateTimesDurationRows(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("trace.csv");
    Files.writeString(trace, TRACE);
    try (RunningSimulator sim = simulator()) {
      String yaml = """
          api: {type: completion, streaming: false}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          data:
            type: random
            input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
            output_distribution: {min: 2, max: 2, mean: 2, std_dev: 0, type: fixed}
          load: {type: trace_replay, trace: {file: %s}, stages: [{rate: 3, duration: 1}]}
          """.formatted(sim.baseUrl(), trace);
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      assertEquals(3, sim.truth().recentRequests().size(), "floor(3 x 1) of the 4 rows");
      assertEquals(3, run.json("stage_0_lifecycle_metrics.json").at("/successes/count").asInt());
    }
  }

  @Test
  void aBadTraceRowIsAConfigErrorNamingLineAndColumn(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("bad.csv");
    Files.writeString(trace, TRACE + "2023-11-16 18:15:48.0,lots,4\n");
    try (RunningSimulator sim = simulator()) {
      String yaml = """
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          data:
            type: random
            input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
            output_distribution: {min: 2, max: 2, mean: 2, std_dev: 0, type: fixed}
          load: {type: trace_replay, trace: {file: %s}, stages: [{rate: 3, duration: 1}]}
          """.formatted(sim.baseUrl(), trace);
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(2, run.exitCode(), run.err());
      assertTrue(run.err().contains("load.trace.file: " + trace + " line 6, column 2 (ContextTokens): 'lots' is not"
          + " a token count"), run.err());
      assertTrue(!run.err().contains("Exception"), "no stack trace: " + run.err());
      assertEquals(0, sim.truth().recentRequests().size(), "nothing was sent");
    }
  }

  @Test
  void aMissingTraceIsAConfigError(@TempDir Path dir) throws Exception {
    String yaml = """
        server: {type: vllm, base_url: http://127.0.0.1:9, model_name: m}
        data: {type: mock}
        load: {type: trace_replay, stages: [{rate: 3, duration: 1}]}
        """;
    CliRunner.Result run = CliRunner.run(dir, yaml);
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("load.trace") && run.err().contains("required with load.type trace_replay"),
        run.err());
  }
}
