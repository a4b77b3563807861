package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Circuit breakers over real HTTP (issue 12 part 4): the simulator answers a healthy first stage, then a burst of
 * 503s (fault_after_count); each trigger type opens its breaker in the second stage, which stops there, the reason
 * is in the stage report, the summary, the results file and on the console, and the first stage's results are kept.
 */
class CircuitBreakerEndToEndTest {

  /** Stage 0: 20 requests, all healthy; stage 1: 60 planned, every one a 503; stage 2: 20 more. */
  private static final String RUN = """
      api: {type: completion, streaming: true}
      server: {type: vllm, base_url: %s, model_name: simulated-model}
      data:
        type: random
        input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
        output_distribution: {min: 8, max: 8, mean: 8, std_dev: 0, type: fixed}
      load:
        type: constant
        base_seed: 9
        interval: 0.2
        stage_grace_period: 5
        stages: [{rate: 20, duration: 1}, {rate: 20, duration: 3}, {rate: 20, duration: 1}]
        circuit_breakers: [server_errors]
      %s
      """;

  private static final String CONSECUTIVE = """
      circuit_breakers:
        - name: server_errors
          metrics:
            matches: ["error.error_type == 'HTTP Error 503'"]
          triggers: [{type: consecutive, threshold: 5}]
      """;

  @Test
  void consecutiveHitsStopTheStageAndTheRun(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = simulator(0)) {
      CliRunner.Result run = CliRunner.run(dir, RUN.formatted(sim.baseUrl(), CONSECUTIVE));
      assertEquals(1, run.exitCode(), "a breaker that opens fails the run: " + run.err());
      assertTrue(run.err().contains("Run failed: circuit breaker 'server_errors' opened in stage 1"), run.err());
      assertTrue(run.out().contains("Circuit breaker 'server_errors' opened in stage 1: consecutive (threshold 5)"
          + " fired on 5 hits"), run.out());
      assertTrue(run.out().contains("later stages not run (load.circuit_breaker_stops: run)"), run.out());

      assertHealthyFirstStage(run);
      JsonNode stage1 = run.json("stage_1_lifecycle_metrics.json");
      assertEquals("failed", stage1.get("status").asText());
      JsonNode breaker = stage1.get("circuit_breaker");
      assertEquals("server_errors", breaker.get("name").asText());
      assertEquals("consecutive (threshold 5)", breaker.get("trigger").asText());
      assertEquals("run", breaker.get("stopped").asText());
      assertEquals(5, breaker.get("hits").asInt());
      assertEquals(5, breaker.get("requests").size());
      for (JsonNode request : breaker.get("requests")) {
        assertEquals("HTTP Error 503", request.get("error_type").asText());
        assertEquals(1, request.get("stage_id").asInt());
      }
      assertStoppedEarly(stage1);
      assertFalse(run.has("stage_2_lifecycle_metrics.json"), "the run stopped: stage 2 never ran");

      JsonNode summary = run.json("summary_lifecycle_metrics.json");
      assertEquals("failed", summary.get("status").asText());
      assertEquals("server_errors", summary.at("/circuit_breakers/0/name").asText());
      String html = java.nio.file.Files.readString(run.reports().resolve("report.html"));
      assertTrue(html.contains("failed (circuit breaker server_errors)"), "the page's stage table names it");
      assertRebuiltReportKeepsTheBreaker(run, dir);
    }
  }

  private static final String RATE_OVER_WINDOW = """
      circuit_breakers:
        - name: server_errors
          metrics:
            matches: ["sent"]
            rules: ["http_status >= `500`"]
          triggers: [{type: rate_over_window, window_sec: 30, threshold: 0.5, min_samples: 15}]
      """;

  @Test
  void aHighShareOfHitsInTheWindowStopsOnlyTheStageWhenAskedTo(@TempDir Path dir) throws Exception {
    // 20 faults in all: stage 1 opens the breaker at its 15th 503; at most 5 are left for stage 2, which starts
    // with the breaker closed again and stays under the 50% share.
    try (RunningSimulator sim = simulator(20)) {
      String yaml = RUN.formatted(sim.baseUrl(), RATE_OVER_WINDOW)
          .replace("circuit_breakers: [server_errors]", "circuit_breakers: [server_errors]\n  circuit_breaker_stops: stage");
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(1, run.exitCode(), "a stage stopped by a breaker fails the run: " + run.err());
      assertTrue(run.out().contains("Circuit breaker 'server_errors' opened in stage 1: rate_over_window (window_sec"
          + " 30, threshold 0.5, min_samples 15) fired on 15 hits"), run.out());
      assertTrue(run.out().contains("the run goes on with the next stage"), run.out());

      assertHealthyFirstStage(run);
      JsonNode stage1 = run.json("stage_1_lifecycle_metrics.json");
      assertEquals("failed", stage1.get("status").asText());
      JsonNode breaker = stage1.get("circuit_breaker");
      assertTrue(breaker.get("trigger").asText().startsWith("rate_over_window"), breaker.toString());
      assertEquals("stage", breaker.get("stopped").asText());
      assertEquals(15, breaker.get("hits").asInt());
      assertEquals(15, breaker.get("counted").asInt(), "every counted request was a hit");
      assertEquals(10, breaker.get("requests").size(), "the last 10 of the 15 are listed");
      assertStoppedEarly(stage1);

      JsonNode stage2 = run.json("stage_2_lifecycle_metrics.json");
      assertEquals("completed", stage2.get("status").asText(), "stage 2 ran, its breaker closed again");
      assertEquals(20, stage2.at("/load_summary/count").asInt());
      assertTrue(stage2.get("circuit_breaker") == null, stage2.toString());
      assertEquals(1, run.json("summary_lifecycle_metrics.json").get("circuit_breakers").size());
    }
  }

  private static RunningSimulator simulator(long maxFaults) {
    return Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 2, "seed", 21,
        "fault_503_fraction", 1.0, "fault_after_count", 20, "fault_max_count", maxFaults)).orThrow());
  }

  /** Stage 0 ran before any fault: every one of its requests succeeded and is in its report. */
  private static void assertHealthyFirstStage(CliRunner.Result run) throws Exception {
    JsonNode stage0 = run.json("stage_0_lifecycle_metrics.json");
    assertEquals("completed", stage0.get("status").asText());
    assertEquals(20, stage0.at("/successes/count").asInt(), stage0.toString());
    assertEquals(0, stage0.at("/failures/count").asInt());
    assertTrue(stage0.get("circuit_breaker") == null);
  }

  /** The stage stopped well before its 60 planned requests; the unsent ones are counted, the sent ones recorded. */
  private static void assertStoppedEarly(JsonNode stage) {
    int count = stage.at("/load_summary/count").asInt();
    assertTrue(count >= stage.at("/circuit_breaker/hits").asInt() && count < 40, "records of stage 1: " + count);
    assertEquals(60, stage.at("/load_summary/planned").asInt());
    assertEquals(count, stage.at("/load_summary/sent").asInt(), "every request sent is recorded");
    assertTrue(stage.at("/load_summary/not_sent").asInt() > 20, stage.get("load_summary").toString());
  }

  /** The results file keeps the trip: a rebuild of the reports from it says the same. */
  private static void assertRebuiltReportKeepsTheBreaker(CliRunner.Result run, Path dir) throws Exception {
    Path rebuilt = dir.resolve("rebuilt");
    CliRunner.Output report = CliRunner.cli("report", run.reports().resolve("results.jsonl.gz").toString(),
        "--output", rebuilt.toString());
    JsonNode stage1 = CliRunner.JSON.readTree(rebuilt.resolve("stage_1_lifecycle_metrics.json").toFile());
    assertEquals(run.json("stage_1_lifecycle_metrics.json").get("circuit_breaker"), stage1.get("circuit_breaker"),
        report.err());
  }
}
