package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.metrics.RequestTruth;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.TimingSensitive;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage end over real HTTP: requests due in a stage but stuck behind the in-flight cap are sent late (their wait
 * is schedule delay) until the stage's grace period ends; those still queued then are recorded as Not Sent, the server
 * never sees them, and the stage report accounts for every planned request.
 */
@TimingSensitive
class StageEndQueueTest {

  @Test
  void requestsQueuedBehindTheInFlightCapGoLateUntilTheGraceEndsThenAreRecordedAsNotSent(@TempDir Path dir)
      throws Exception {
    // One request in flight at a time, each taking ~150 ms, 20 due in one second, 0.6 s of grace: about ten leave.
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 150, "itl_ms", 1))) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          data: {type: mock}
          load:
            type: constant
            num_workers: 1
            worker_max_concurrency: 1
            stage_grace_period: 0.6
            stages: [{rate: 20, duration: 1}]
          report: {request_lifecycle: {per_request: true}}
          """.formatted(sim.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      JsonNode stage = run.json("stage_0_lifecycle_metrics.json");
      assertEquals(20, stage.at("/load_summary/count").asInt(), "every planned request is in the report");
      int succeeded = stage.at("/successes/count").asInt();
      int cut = stage.at("/failures/by_label/Cut At Stage End/count").asInt();
      int notSent = stage.at("/failures/by_label/Not Sent/count").asInt();
      assertEquals(20, succeeded + cut + notSent, stage.get("failures").toString());
      assertTrue(notSent >= 3, "requests still queued when the grace period ended: " + notSent);
      assertEquals(20, stage.at("/load_summary/planned").asInt());
      assertEquals(succeeded + cut, stage.at("/load_summary/sent").asInt());
      assertEquals(notSent, stage.at("/load_summary/not_sent").asInt());
      assertFalse(stage.at("/client_health/kept_up").asBoolean());
      assertTrue(stage.at("/client_health/warning").asText().contains("planned requests never sent"),
          stage.at("/client_health/warning").asText());

      // The server saw exactly the requests that were sent, some of them after the stage's one second (late).
      assertEquals(succeeded + cut, sim.truth().snapshot().requests());
      long firstArrival = sim.truth().recentRequests().stream().mapToLong(RequestTruth::arrivalNanos).min()
          .orElseThrow();
      long lastArrival = sim.truth().recentRequests().stream().mapToLong(RequestTruth::arrivalNanos).max()
          .orElseThrow();
      assertTrue(lastArrival > firstArrival + 1_000_000_000L, "queued requests went out late, after the duration");
      assertTrue(lastArrival < firstArrival + 1_600_000_000L + 200_000_000L, "none after the grace period (+slack)");
      int neverSent = 0;
      for (JsonNode entry : run.json("per_request_lifecycle_metrics.json")) {
        if (!entry.get("sent").asBoolean()) {
          neverSent++;
          assertEquals("NotSent", entry.at("/error/error_type").asText(), entry.toString());
        }
      }
      assertEquals(notSent, neverSent, "the Not Sent requests are marked as never sent");
    }
  }
}
