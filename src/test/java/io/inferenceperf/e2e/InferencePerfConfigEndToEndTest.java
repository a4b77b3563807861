package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.e2e.CliEndToEndTest.Run;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * A config.yaml that inference-perf saved (test data in its shape) runs here unchanged against the simulator over
 * real HTTP (the simulator serves its model name), with only the base URL, the report folder and metrics (no
 * Prometheus here) overridden; the config.yaml this run saves holds none of our extension keys, and a dry run from
 * it plans exactly what a dry run from the original plans.
 */
class InferencePerfConfigEndToEndTest {

  private static final String SAVED = "src/test/resources/config/inference-perf-saved/shared-prefix-concurrent.yaml";

  @Test
  void inferencePerfsSavedConfigRunsAndOurSavedConfigPlansTheSameRun(@TempDir Path dir) throws Exception {
    SimulatorOptions options = SimulatorOptions.fromMap(Map.of("profile", "fixed", "model", "test-model")).orThrow();
    try (RunningSimulator sim = Simulator.start(options)) {
      Path reports = dir.resolve("reports");
      // metrics: the saved file names a Prometheus that does not run here
      Run run = CliEndToEndTest.cli("-c", SAVED, "--server.base_url", sim.baseUrl(), "--metrics", "null",
          "--storage.local_storage.path", reports.toString());
      assertEquals(0, run.code(), run.out() + run.err());
      JsonNode stage = CliRunner.JSON.readTree(reports.resolve("run1-stage_0_lifecycle_metrics.json").toFile());
      assertEquals(20, stage.at("/load_summary/count").asInt(), stage.toString());
      assertEquals(20, stage.at("/successes/count").asInt(), stage.toString());
      assertTrue(stage.at("/successes/prompt_len/mean").isNumber(), "prompt_len for older readers");

      Path ours = reports.resolve("run1-config.yaml");
      Map<String, Object> saved = new Yaml().load(Files.readString(ours));
      assertFalse(saved.containsKey("simulator"), saved.toString());
      Map<?, ?> load = (Map<?, ?>) saved.get("load");
      for (String extension : List.of("connect_timeout", "header_timeout", "idle_stream_timeout",
          "stage_grace_period", "kernel_timestamps", "distributed")) {
        assertFalse(load.containsKey(extension), extension + " in " + load);
      }
      assertEquals(Map.of("summary", true, "per_stage", true, "per_session", false),
          ((Map<?, ?>) saved.get("report")).get("session_lifecycle"));

      Path planFolder = dir.resolve("plan");
      Run fromTheirs = CliEndToEndTest.cli("--dry-run", "-c", SAVED, "--server.base_url", sim.baseUrl(),
          "--metrics", "null", "--storage.local_storage.path", planFolder.toString());
      Run fromOurs = CliEndToEndTest.cli("--dry-run", "-c", ours.toString(),
          "--storage.local_storage.path", planFolder.toString());
      assertEquals(0, fromOurs.code(), fromOurs.err());
      assertTrue(fromTheirs.out().contains("Dry run"), fromTheirs.out());
      assertEquals(fromTheirs.out(), fromOurs.out());
    }
  }
}
