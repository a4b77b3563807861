package io.inferenceperf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** load.sweep: inference-perf's keys and defaults, stages not needed, refused with concurrent or without a type. */
class SweepConfigTest {

  private static LoadResult load(String... overrides) {
    List<String> args = new java.util.ArrayList<>(List.of("--server.base_url", "http://127.0.0.1:8000"));
    args.addAll(List.of(overrides));
    return Loads.load(null, args);
  }

  @Test
  void sweepBindsWithInferencePerfDefaultsAndNeedsNoStages() {
    Config config = Loads.ok(load("--load.sweep", "{\"type\": \"geometric\"}"));
    assertEquals(new SweepConfig(SweepConfig.SweepType.GEOMETRIC, 2000, 60, 5, 180, 95,
        new SweepConfig.SloSearchConfig(95, 10, 30, 0.05, 12)), config.load().sweep());
    assertEquals(List.of(), config.load().stages());
    Config set = Loads.ok(load("--load.sweep", "{\"type\": \"linear\", \"num_requests\": 300, \"timeout\": 20,"
        + " \"num_stages\": 3, \"stage_duration\": 30, \"saturation_percentile\": 50}"));
    assertEquals(new SweepConfig(SweepConfig.SweepType.LINEAR, 300, 20, 3, 30, 50,
        new SweepConfig.SloSearchConfig(95, 10, 30, 0.05, 12)), set.load().sweep());
  }

  @Test
  void sweepIsRefusedWithConcurrentLoadOrWithoutType() {
    Loads.problem(load("--load.type", "concurrent", "--load.sweep", "{\"type\": \"linear\"}"), "load.sweep",
        "not allowed with load.type concurrent");
    Loads.problem(load("--load.sweep", "{\"num_stages\": 3}"), "load.sweep.type", "");
    Loads.problem(load("--load.sweep", "{\"type\": \"exponential\"}"), "load.sweep.type", "linear");
  }

  @Test
  void sloSearchNeedsGoodputConstraintsOrSloHeaders() {
    Loads.problem(load("--load.sweep", "{\"type\": \"slo\"}"), "load.sweep", "report.goodput.constraints");
    Config config = Loads.ok(load("--load.sweep", "{\"type\": \"slo\", \"target_goodput\": 90, \"start_rate\": 4,"
        + " \"search_stage_duration\": 10, \"tolerance\": 0.1, \"max_stages\": 8}",
        "--report.goodput.constraints", "{\"ttft\": 0.5}"));
    assertEquals(new SweepConfig.SloSearchConfig(90, 4, 10, 0.1, 8), config.load().sweep().slo());
    Loads.ok(load("--load.sweep", "{\"type\": \"slo\"}", "--api.headers", "{\"x-slo-ttft-ms\": \"500\"}"));
  }
}
