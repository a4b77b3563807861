package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.metrics.RequestTruth;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "At the end of a stage's duration no new request is sent": requests that were due but still waiting behind the
 * in-flight cap when the stage ended are recorded as never sent, and the server never sees them.
 */
class StageEndQueueTest {

  @Test
  void requestsStillQueuedBehindTheInFlightCapAtStageEndAreNeverSent(@TempDir Path dir) throws Exception {
    // One request in flight at a time, each taking ~150 ms, 20 due in one second: most wait in the queue.
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 150, "itl_ms", 1))) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          data: {type: mock}
          load:
            type: constant
            num_workers: 1
            worker_max_concurrency: 1
            stages: [{rate: 20, duration: 1}]
          report: {request_lifecycle: {per_request: true}}
          """.formatted(sim.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      JsonNode summary = run.json("summary_lifecycle_metrics.json");
      assertEquals(20, summary.at("/load_summary/count").asInt(), "every scheduled request is in the report");
      int succeeded = summary.at("/successes/count").asInt();
      int cut = summary.at("/failures/by_label/Cut At Stage End/count").asInt();
      assertEquals(20, succeeded + cut, summary.get("failures").toString());
      assertTrue(cut >= 8, "most requests never left the queue: " + cut);
      // The server saw only the requests that were sent, all before the stage ended.
      assertEquals(succeeded, sim.truth().snapshot().requests());
      long stageEnd = Long.MAX_VALUE;
      long firstArrival = sim.truth().recentRequests().stream().mapToLong(RequestTruth::arrivalNanos).min().orElseThrow();
      stageEnd = firstArrival + 1_000_000_000L + 50_000_000L; // first send is the stage start; 50 ms slack
      for (RequestTruth truth : sim.truth().recentRequests()) {
        assertTrue(truth.arrivalNanos() < stageEnd, "a request reached the server after the stage ended");
      }
      int neverSent = 0;
      for (JsonNode entry : run.json("per_request_lifecycle_metrics.json")) {
        if (entry.path("sent").isBoolean() && !entry.get("sent").asBoolean()) neverSent++;
      }
      assertEquals(cut, neverSent, "the cut requests are marked as never sent");
    }
  }
}
