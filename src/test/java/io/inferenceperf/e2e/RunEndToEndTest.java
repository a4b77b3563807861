package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.RefusingPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs of the command line against the simulator over real HTTP. */
class RunEndToEndTest {

  static final String EMBEDDED = """
      api: {type: chat, streaming: true}
      server: {type: simulator, api_key: sk-very-secret}
      simulator: {profile: fixed, ttft_ms: 5, itl_ms: 1}
      data:
        type: random
        input_distribution: {min: 20, max: 60, mean: 40, std_dev: 10}
        output_distribution: {min: 4, max: 12, mean: 8, std_dev: 2}
      load:
        type: constant
        interval: 0.2
        base_seed: 11
        stages: [{rate: 20, duration: 1}, {rate: 40, duration: 0.5}]
      report:
        request_lifecycle: {per_request: true}
      """;

  private static final String EMBEDDED_CPU_NOTE = "the embedded simulator runs in this process: its CPU is counted";

  @Test
  void embeddedSimulatorRunWritesInferencePerfReportFiles(@TempDir Path dir) throws Exception {
    CliRunner.Result run = CliRunner.run(dir, EMBEDDED);
    assertEquals(0, run.exitCode(), run.err());
    for (String file : List.of("summary_lifecycle_metrics.json", "stage_0_lifecycle_metrics.json",
        "stage_1_lifecycle_metrics.json", "per_request_lifecycle_metrics.json", "config.yaml")) {
      assertTrue(run.has(file), file + " missing; err:\n" + run.err());
    }
    JsonNode summary = run.json("summary_lifecycle_metrics.json");
    assertEquals(40, summary.at("/load_summary/count").asInt());
    assertEquals(40, summary.at("/successes/count").asInt());
    assertTrue(summary.at("/successes/latency/time_to_first_token/median").asDouble() > 0.004);
    JsonNode stage0 = run.json("stage_0_lifecycle_metrics.json");
    assertEquals(20.0, stage0.at("/load_summary/requested_rate").asDouble());
    JsonNode perRequest = run.json("per_request_lifecycle_metrics.json");
    assertEquals(40, perRequest.size());
    long stage1 = 0;
    for (JsonNode entry : perRequest) {
      assertTrue(entry.get("error").isNull(), entry.toString());
      if (entry.get("stage_id").asInt() == 1) stage1++;
      // The chat body asks for usage in the stream and names the served model.
      String request = entry.get("request").asText();
      assertTrue(request.contains("\"include_usage\":true"), request);
      assertTrue(request.contains("\"model\":\"simulated-model\""), request);
    }
    assertEquals(20, stage1);
    String configYaml = Files.readString(run.reports().resolve("config.yaml"));
    assertFalse(configYaml.contains("sk-very-secret"), configYaml);
    assertTrue(configYaml.contains("REDACTED"), configYaml);
    assertTrue(run.out().contains("Throughput"), run.out());
    // The client vouches for its own cost: whole process in the summary, each stage's window in its report.
    assertTrue(summary.at("/client_resources/cpu_seconds").asDouble() > 0, summary.toString());
    assertEquals(40, summary.at("/client_resources/requests").asInt());
    assertTrue(summary.at("/client_resources/peak_rss_bytes").asLong() > 10_000_000L, summary.toString());
    assertEquals(20, stage0.at("/client_resources/requests").asInt());
    assertTrue(stage0.at("/client_resources/stalls_over_1ms").isInt(), stage0.toString());
    assertTrue(stage0.at("/client_resources/stall_max_seconds").isNumber(), stage0.toString());
    double stageCpu = stage0.at("/client_resources/cpu_seconds").asDouble();
    assertTrue(stageCpu > 0 && stageCpu < summary.at("/client_resources/cpu_seconds").asDouble(), stage0.toString());
    assertTrue(run.out().contains("Client resources: CPU "), run.out());
    assertTrue(run.out().contains(EMBEDDED_CPU_NOTE), "the simulator's CPU is said to be in it: " + run.out());
  }

  @Test
  void sameBaseSeedGivesSamePromptsAndArrivalTimes(@TempDir Path dir) throws Exception {
    String poisson = EMBEDDED.replace("type: constant", "type: poisson");
    var a = requestsAndOffsets(CliRunner.run(dir.resolve("a"), poisson));
    var b = requestsAndOffsets(CliRunner.run(dir.resolve("b"), poisson));
    var c = requestsAndOffsets(CliRunner.run(dir.resolve("c"), poisson.replace("base_seed: 11", "base_seed: 12")));
    assertEquals(a.bodies(), b.bodies());
    assertEquals(a.offsetsMicros(), b.offsetsMicros());
    assertNotEquals(a.bodies(), c.bodies());
    assertNotEquals(a.offsetsMicros(), c.offsetsMicros());
  }

  record Requests(List<String> bodies, List<Long> offsetsMicros) {}

  /** Bodies in send order, and intended send times relative to each stage's first (microseconds). */
  private static Requests requestsAndOffsets(CliRunner.Result run) throws Exception {
    assertEquals(0, run.exitCode(), run.err());
    List<JsonNode> entries = new ArrayList<>();
    run.json("per_request_lifecycle_metrics.json").forEach(entries::add);
    entries.sort((x, y) -> Double.compare(x.get("scheduled_time").asDouble(), y.get("scheduled_time").asDouble()));
    List<String> bodies = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    double[] stageStart = {Double.NaN, Double.NaN};
    for (JsonNode e : entries) {
      int stage = e.get("stage_id").asInt();
      double scheduled = e.get("scheduled_time").asDouble();
      if (Double.isNaN(stageStart[stage])) stageStart[stage] = scheduled;
      bodies.add(e.get("request").asText());
      offsets.add(Math.round((scheduled - stageStart[stage]) * 1e6));
    }
    return new Requests(bodies, offsets);
  }

  @Test
  void requestsStillRunningAfterTheGracePeriodAreRecordedAsCutOff(@TempDir Path dir) throws Exception {
    // Half the requests stall 30 s before their first token; the stage lasts 1 s with a 0.5 s grace period.
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(java.util.Map.of(
        "profile", "fixed", "ttft_ms", 2, "itl_ms", 1, "fault_stall_first_ms", 30_000,
        "fault_stall_first_fraction", 0.5, "seed", 3)).orThrow())) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s}
          data: {type: mock}
          load: {type: constant, stage_grace_period: 0.5, stages: [{rate: 10, duration: 1}]}
          report: {request_lifecycle: {per_request: true}}
          """.formatted(sim.baseUrl());
      long t0 = System.nanoTime();
      CliRunner.Result run = CliRunner.run(dir, yaml);
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertEquals(0, run.exitCode(), run.err());
      assertTrue(seconds < 20, "the stage ended after its grace period, not after the stalls: " + seconds + " s");
      JsonNode summary = run.json("summary_lifecycle_metrics.json");
      assertEquals(10, summary.at("/load_summary/count").asInt(), "every sent request is in the report");
      int cut = summary.at("/failures/by_label/Cut At Stage End/count").asInt();
      assertTrue(cut >= 1 && cut <= 9, "cut " + cut + " in " + summary.get("failures"));
      assertEquals(10, summary.at("/successes/count").asInt() + cut);
      assertTrue(run.out().contains("Client resources: CPU "), run.out());
      assertFalse(run.out().contains(EMBEDDED_CPU_NOTE), "a server of its own is not in the client's CPU");
    }
  }

  @Test
  void unreachableServerIsAFailedRunWithAClearMessage(@TempDir Path dir) throws Exception {
    try (RefusingPort refusing = new RefusingPort()) { // held open: no other server can take the port
      int port = refusing.port();
      String yaml = """
          server: {type: vllm, base_url: "http://127.0.0.1:%d"}
          load: {stages: [{rate: 1, duration: 1}]}
          """.formatted(port);
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(1, run.exitCode());
      assertTrue(run.err().contains("cannot reach http://127.0.0.1:" + port + "/v1/models"), run.err());
      assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }
  }

  @Test
  void configMistakesExitWithStatusTwoBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
    CliRunner.Result run = CliRunner.run(dir, """
        server: {type: simulator}
        load: {type: constant, stages: [{rate: 0, duration: 1}]}
        data: {type: randm}
        """);
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("load.stages[0].rate"), run.err());
    assertTrue(run.err().contains("data.type"), run.err());
    assertFalse(Files.exists(run.reports()), "no report folder for an invalid config");
  }
}
