package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.cli.Cli;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped example configs work as documented: the quickstart as is, the server ones against the simulator. */
class ExamplesTest {

  @Test
  void quickstartRunsAsWrittenInTheReadme(@TempDir Path dir) throws Exception {
    var run = runCli(dir, "--config_file", "examples/quickstart.yml");
    assertEquals(0, run.code(), run.err());
    for (int stage = 0; stage < 3; stage++) {
      JsonNode report = json(dir, "stage_" + stage + "_lifecycle_metrics.json");
      assertEquals(0, report.at("/failures/count").asInt(), report.get("failures").toString());
      assertTrue(report.at("/successes/count").asInt() > 0);
    }
    assertTrue(run.out().contains("Throughput"), run.out());
  }

  @Test
  void traceReplayExampleSendsEveryRowSplitOverItsAdapters(@TempDir Path dir) throws Exception {
    var run = runCli(dir, "--config_file", "examples/trace-replay.yml");
    assertEquals(0, run.code(), run.err());
    int support = json(dir, "adapter_support-lora_lifecycle_metrics.json").at("/successes/count").asInt();
    int sql = json(dir, "adapter_sql-lora_lifecycle_metrics.json").at("/successes/count").asInt();
    assertEquals(24, support + sql, "every row of the trace, each to one adapter");
    assertTrue(support > sql, support + " vs " + sql);
    assertTrue(Files.exists(dir.resolve("adapter_sql-lora_stage_0_lifecycle_metrics.json")));
  }

  @ParameterizedTest
  @CsvSource({
    "examples/vllm.yml, vllm, '[{\"rate\": 20, \"duration\": 1}]'",
    "examples/sglang.yml, sglang, '[{\"num_requests\": 20, \"concurrency_level\": 4}]'",
    "examples/tgi.yml, tgi, '[{\"rate\": 20, \"duration\": 1}]'"
  })
  void serverExampleRunsAgainstTheSimulator(String example, String flavor, String stages, @TempDir Path dir)
      throws Exception {
    SimulatorOptions options = SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 1,
        "metrics_flavor", flavor, "model", "tgi")).orThrow();
    try (RunningSimulator sim = Simulator.start(options)) {
      var run = runCli(dir, "-c", example, "--server.base_url", sim.baseUrl(), "--load.stages", stages,
          "--load.interval", "0", "--report.request_lifecycle.per_request", "false");
      assertEquals(0, run.code(), run.err());
      JsonNode summary = json(dir, "summary_lifecycle_metrics.json");
      int sent = summary.at("/load_summary/count").asInt();
      // vllm.yml uses poisson arrivals: about 20 requests, exactly as many as the seeded schedule says.
      assertTrue(sent >= 10 && sent <= 35, "sent " + sent);
      assertEquals(sent, summary.at("/successes/count").asInt(), summary.get("failures").toString());
      assertTrue(summary.at("/successes/latency/time_to_first_token/median").asDouble() > 0);
    }
  }

  @Test
  void multimodalExampleSendsImagesAndVideosToTheSimulator(@TempDir Path dir) throws Exception {
    SimulatorOptions options = SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 1))
        .orThrow();
    try (RunningSimulator sim = Simulator.start(options)) {
      var run = runCli(dir, "-c", "examples/multimodal.yml", "--server.base_url", sim.baseUrl(), "--load.stages",
          "[{\"rate\": 6, \"duration\": 1}]", "--load.base_seed", "1", "--data.multimodal.video.profiles",
          "{\"resolution\": {\"height\": 32, \"width\": 32}, \"frames\": 2}");
      assertEquals(0, run.code(), run.err());
      JsonNode successes = json(dir, "summary_lifecycle_metrics.json").get("successes");
      assertEquals(6, successes.get("count").asInt(), successes.toString());
      long images = Math.round(successes.at("/image/count/mean").asDouble() * 6);
      assertTrue(images >= 6 && images <= 12, successes.get("image").toString());
      assertEquals(images, sim.truth().snapshot().media().images(), "the server received every image");
      assertEquals(1280.0 * 720, successes.at("/image/pixels/max").asDouble(), successes.get("image").toString());
    }
  }

  record Run(int code, String out, String err) {}

  private static Run runCli(Path dir, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--storage.local_storage.path", dir.toString()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static JsonNode json(Path dir, String name) throws Exception {
    return CliRunner.JSON.readTree(dir.resolve(name).toFile());
  }
}
