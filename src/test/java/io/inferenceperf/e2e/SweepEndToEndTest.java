package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.TimingSensitive;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * load.sweep over real HTTP against the batching simulator with a known capacity: 16 sequences at once, 20 ms per
 * step whatever the batch (no prefill or per-sequence cost), 8 output tokens on average (one per step, the first
 * from the prefill step): a slot serves a request every 8 steps, so the model's capacity is 16 / (8 x 0.02 s) =
 * 100 requests per second. The probe (750 requests in 5 s, 150/s: a backlog of 250 that drains in 2.5 s) must
 * find a saturation rate within 15% of it; the stages (1 s each: only their rates are checked) are then spread up
 * to it, and the probe stays out of the stage reports.
 */
@TimingSensitive
class SweepEndToEndTest {

  private static final double PREDICTED_CAPACITY = 16 / (8 * 0.020);

  @Test
  void sweepFindsTheSimulatorsCapacityAndRunsStagesUpToIt(@TempDir Path dir) throws Exception {
    Map<String, Object> options = Map.of("profile", "small", "engine", "batching", "max_num_seqs", 16,
        "decode_step_ms", 20, "decode_ms_per_seq", 0, "prefill_ms_per_token", 0, "prefix_caching", false);
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(options).orThrow())) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model, ignore_eos: true}
          data:
            type: random
            input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0}
            output_distribution: {min: 4, max: 12, mean: 8, std_dev: 2}
          load:
            type: constant
            interval: 0
            num_workers: 2
            worker_max_concurrency: 2000
            sweep: {type: linear, num_requests: 750, timeout: 30, num_stages: 3, stage_duration: 1}
          """.formatted(sim.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());

      JsonNode probe = run.json("sweep_probe.json");
      double saturation = probe.get("saturation_rate").asDouble();
      assertTrue(Math.abs(saturation / PREDICTED_CAPACITY - 1) <= 0.15,
          "saturation " + saturation + " req/s vs the model's " + PREDICTED_CAPACITY + "; probe: " + probe);
      assertFalse(probe.get("client_limited").asBoolean(), probe.toString());
      assertTrue(probe.get("burn_down_rates").size() >= 2);
      assertEquals(150.0, probe.get("probe_rate").asDouble(), 1e-9); // 750 requests over the probe's 5 s

      JsonNode rates = probe.get("stage_rates");
      assertEquals(3, rates.size());
      assertEquals(1.0, rates.get(0).asDouble(), 1e-9);
      assertEquals(Math.round(saturation * 100) / 100.0, rates.get(2).asDouble(), 1e-9);
      for (int stage = 0; stage < 3; stage++) {
        JsonNode report = run.json("stage_" + stage + "_lifecycle_metrics.json");
        assertEquals(rates.get(stage).asDouble(), report.at("/load_summary/requested_rate").asDouble(), 1e-9);
      }
      assertFalse(run.has("stage_3_lifecycle_metrics.json"), "the probe is not a stage");
      long stageRequests = run.json("summary_lifecycle_metrics.json").at("/load_summary/count").asLong();
      assertTrue(stageRequests < 750, "the probe's 750 requests are not in the summary: " + stageRequests);
      assertTrue(run.out().contains("Saturation point: stage 2, " + rates.get(2).asDouble() + " req/s"), run.out());
    }
  }
}
