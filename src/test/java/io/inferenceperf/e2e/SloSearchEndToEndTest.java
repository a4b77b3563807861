package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The SLO capacity search over real HTTP against the batching simulator: 8 sequences, 50 ms steps, 4 output tokens,
 * so 8 / (4 x 0.05 s) = 40 req/s. The target: 95% of requests with a TTFT of at most 0.25 s. Below 40 req/s a first
 * token takes one or two steps (0.05 to 0.1 s); above it a queue grows for the slots, by 0.1 s of waiting per second
 * at 10% over, so TTFT passes 0.25 s within seconds. Time scales are large beside the stalls of this machine when
 * the test runs alone (it is {@link TimingSensitive}). The confirmed capacity's full-length stage meets the target; a
 * stage 10% above it, run on its own, does not. (Every time is half of what it was at first, rates double: the same
 * queueing, in half the test's time.) Full-length stages last 3 s, twice the search's 1.5 s: 10% over the
 * capacity, the queue passes the target within about 1.5 s, so such a stage misses by far (goodput near 50%).
 */
@TimingSensitive
class SloSearchEndToEndTest {

  private static final Map<String, Object> SIMULATOR = Map.of("profile", "small", "engine", "batching",
      "max_num_seqs", 8, "decode_step_ms", 50, "decode_ms_per_seq", 0, "prefill_ms_per_token", 0,
      "prefix_caching", false);

  private static String config(String baseUrl, String load) {
    return """
        api: {type: completion, streaming: true}
        server: {type: vllm, base_url: %s, model_name: simulated-model, ignore_eos: true}
        data:
          type: random
          input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0}
          output_distribution: {min: 4, max: 4, mean: 4, std_dev: 0, type: fixed}
        report:
          goodput:
            constraints: {ttft: 0.25}
        load:
          type: constant
          interval: 0
          base_seed: 7
          num_workers: 2
          worker_max_concurrency: 2000
        """.formatted(baseUrl) + load;
  }

  @Test
  void confirmedCapacityMeetsTheTargetAndTenPercentMoreDoesNot(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(SIMULATOR).orThrow())) {
      CliRunner.Result run = CliRunner.run(dir.resolve("search"), config(sim.baseUrl(), """
            sweep: {type: slo, start_rate: 30, search_stage_duration: 1.5, stage_duration: 3, tolerance: 0.05,
                    max_stages: 18, target_goodput: 95}
          """));
      assertEquals(0, run.exitCode(), run.err());
      JsonNode search = run.json("slo_search.json");
      assertTrue(search.get("confirmed").asBoolean(), search.toString());
      double capacity = search.get("capacity").asDouble();
      JsonNode confirming = null; // the full-length stage that met the target at the capacity
      for (JsonNode stage : search.get("stages")) {
        if (stage.get("full_length").asBoolean() && stage.get("met").asBoolean()
            && stage.get("rate").asDouble() == capacity) {
          confirming = stage;
        }
      }
      assertTrue(confirming != null && confirming.get("goodput_percentage").asDouble() >= 95, search.toString());
      assertTrue(search.at("/bracket/relative_width").asDouble() <= 0.05, search.toString());
      int stages = search.get("stages").size();
      assertTrue(run.out().contains("SLO capacity: " + capacity + " req/s with goodput >= 95%"), run.out());
      assertTrue(run.has("stage_" + (stages - 1) + "_lifecycle_metrics.json"), "every search stage is a stage");
      assertTrue(capacity > 28 && capacity < 48, "near the model's 40 req/s: " + search);

      double above = Math.round(capacity * 1.1 * 100) / 100.0;
      CliRunner.Result check = CliRunner.run(dir.resolve("above"), config(sim.baseUrl(),
          "  stages: [{rate: " + above + ", duration: 3}]\n"));
      assertEquals(0, check.exitCode(), check.err());
      JsonNode stage = check.json("stage_0_lifecycle_metrics.json");
      double goodput = stage.at("/successes/goodput_metrics/good_requests").asDouble()
          / stage.at("/load_summary/count").asDouble() * 100;
      System.out.printf("capacity %s req/s; 10%% above it (%s req/s) for 3 s: goodput %.1f%%%n", capacity, above,
          goodput);
      assertTrue(goodput < 95, "10% above the capacity (" + above + " req/s) the goodput is " + goodput
          + "%; search: " + search);
    }
  }
}
