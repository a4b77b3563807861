package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line of issue 2 points 2, 3, 8 and 9 run in-process as a user would: the config-file spellings, a run
 * with no file at all, CLI value syntax, --dry-run, report names with a prefix and {timestamp}, and the progress
 * line.
 */
class CliEndToEndTest {

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static final String SMALL = """
      server: {type: simulator}
      simulator: {profile: fixed, ttft_ms: 2, itl_ms: 1}
      load: {type: constant, stages: [{rate: 10, duration: 0.5}]}
      """;

  @Test
  void configFileWithADashIsTheSameFlag(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("c.yml");
    Files.writeString(config, SMALL);
    Run run = cli("--config-file", config.toString(), "--storage.local_storage.path", dir.resolve("r").toString());
    assertEquals(0, run.code(), run.err());
    JsonNode summary = CliRunner.JSON.readTree(dir.resolve("r/summary_lifecycle_metrics.json").toFile());
    assertEquals(5, summary.at("/load_summary/count").asInt());
    Run equals = cli("--config-file=" + config, "--storage.local_storage.path=" + dir.resolve("r2"));
    assertEquals(0, equals.code(), equals.err());
  }

  @Test
  void runWithoutAFileTakesEveryKeyFromTheCommandLine(@TempDir Path dir) throws Exception {
    Path reports = dir.resolve("reports");
    Run run = cli("--server.type", "simulator",
        "--simulator", "{\"profile\": \"fixed\", \"ttft_ms\": 2, \"itl_ms\": 1}",
        "--load.stages", "[{\"rate\": 10, \"duration\": 1}, {\"rate\": 20, \"duration\": 0.5}]",
        "--load.interval", "0",
        "--api.type", "chat",
        "--api.streaming", "yes",
        "--report.request_lifecycle.per_request", "1",
        "--report.request_lifecycle.per_stage", "no",
        "--report.request_lifecycle.percentiles", "[50, 99]",
        "--storage.local_storage.path", reports.toString());
    assertEquals(0, run.code(), run.err());
    assertFalse(Files.exists(reports.resolve("stage_0_lifecycle_metrics.json")), "per_stage no");
    JsonNode summary = CliRunner.JSON.readTree(reports.resolve("summary_lifecycle_metrics.json").toFile());
    assertEquals(20, summary.at("/load_summary/count").asInt());
    assertEquals(20, summary.at("/successes/count").asInt());
    JsonNode ttft = summary.at("/successes/latency/time_to_first_token");
    assertEquals(List.of("mean", "min", "max", "median", "p99"), fieldNames(ttft), "percentiles [50, 99]");
    JsonNode perRequest = CliRunner.JSON.readTree(reports.resolve("per_request_lifecycle_metrics.json").toFile());
    assertEquals(20, perRequest.size(), "per_request 1");
    JsonNode body = CliRunner.JSON.readTree(perRequest.get(0).get("request").asText());
    assertTrue(body.has("messages"), "api.type chat: " + body);
    assertTrue(body.get("stream").asBoolean(), "api.streaming yes: " + body);
    // The defaults of everything not given: mock data, as in inference-perf.
    String config = Files.readString(reports.resolve("config.yaml"));
    assertTrue(Pattern.compile("data:\\s+type: mock").matcher(config).find(), config);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void dryRunPrintsThePlanAndSendsNothing(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed")).orThrow())) {
      Path config = dir.resolve("c.yml");
      Files.writeString(config, """
          api: {type: chat, streaming: true}
          server: {type: vllm, base_url: %s}
          load:
            type: poisson
            base_seed: 77
            interval: 3
            stages: [{rate: 5, duration: 2}, {rate: 20, duration: 1.5}]
          """.formatted(sim.baseUrl()));
      Path reports = dir.resolve("reports");
      Run run = cli("--dry-run", "-c", config.toString(), "--storage.local_storage.path", reports.toString());
      assertEquals(0, run.code(), run.err());
      String plan = run.out();
      assertTrue(plan.contains("poisson: exponential gaps with mean 1/rate"), plan);
      assertTrue(plan.contains("base_seed  77"), plan);
      assertTrue(plan.contains("Stages (3 s between stages)"), plan);
      assertTrue(plan.matches("(?s).*\\n  0  poisson arrivals at 5 req/s for 2 s: \\d+ requests  \\(seed -?\\d+\\).*"), plan);
      assertTrue(plan.matches("(?s).*\\n  1  poisson arrivals at 20 req/s for 1.5 s: \\d+ requests  \\(seed -?\\d+\\).*"),
          plan);
      assertTrue(plan.matches("(?s).*Total: \\d+ requests in 2 stages.*"), plan);
      assertTrue(plan.contains("chat, streaming"), plan);
      assertTrue(plan.contains("Dry run: the configuration is valid; nothing was sent."), plan);
      assertEquals(0, sim.truth().snapshot().requests(), "nothing was sent");
      assertFalse(Files.exists(reports), "no report folder");

      // The planned counts are the schedule the real run follows: same seed, same number of requests.
      Matcher counts = new Matcher(plan);
      Run real = cli("-c", config.toString(), "--storage.local_storage.path", reports.toString(),
          "--load.interval", "0");
      assertEquals(0, real.code(), real.err());
      for (int stage = 0; stage < 2; stage++) {
        JsonNode report = CliRunner.JSON.readTree(
            reports.resolve("stage_" + stage + "_lifecycle_metrics.json").toFile());
        assertEquals(counts.requests(stage), report.at("/load_summary/count").asInt(), plan);
      }
    }
  }

  /** Reads "  N  ... : K requests" lines of a printed plan. */
  private record Matcher(String plan) {
    int requests(int stage) {
      var m = Pattern.compile("\\n  " + stage + "  .*: (\\d+) requests").matcher(plan);
      assertTrue(m.find(), plan);
      return Integer.parseInt(m.group(1));
    }
  }

  @Test
  void reportFilesTakeThePrefixAndTheFolderTheTimestamp(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("c.yml");
    Files.writeString(config, SMALL.replace("server: {type: simulator}", "server: {type: simulator, api_key: sk-x1}")
        + """
        report: {request_lifecycle: {per_request: true}}
        storage: {local_storage: {path: "%s/run-{timestamp}", report_file_prefix: "exp1_"}}
        """.formatted(dir));
    Run run = cli("-c", config.toString());
    assertEquals(0, run.code(), run.err());
    List<Path> folders;
    try (Stream<Path> list = Files.list(dir)) {
      folders = list.filter(Files::isDirectory).toList();
    }
    assertEquals(1, folders.size(), folders.toString());
    String folder = folders.get(0).getFileName().toString();
    assertTrue(folder.matches("run-\\d{8}-\\d{6}"), folder);
    List<String> files;
    try (Stream<Path> list = Files.list(folders.get(0))) {
      files = list.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(List.of("exp1_config.yaml", "exp1_per_request_lifecycle_metrics.json", "exp1_report.html",
        "exp1_results.jsonl.gz", "exp1_stage_0_lifecycle_metrics.json", "exp1_summary_lifecycle_metrics.json"), files);
    String yaml = Files.readString(folders.get(0).resolve("exp1_config.yaml"));
    assertFalse(yaml.contains("sk-x1"), yaml);
    String html = Files.readString(folders.get(0).resolve("exp1_report.html"));
    assertFalse(html.contains("sk-x1"), "report.html shows the config with its secrets redacted");
    assertTrue(html.contains("id=\"config\""), "report.html shows the config used");
    assertTrue(yaml.contains("path: " + folders.get(0)) || yaml.contains(folder), "expanded path recorded: " + yaml);
  }

  @Test
  void progressLineEndsEveryStage(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("c.yml");
    Files.writeString(config, SMALL.replace("stages: [{rate: 10, duration: 0.5}]",
        "interval: 0, stages: [{rate: 10, duration: 0.5}, {rate: 20, duration: 0.5}]"));
    Run run = cli("-c", config.toString(), "--storage.local_storage.path", dir.resolve("r").toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(Pattern.compile("stage 0 \\S+  sent 5/5  in flight \\d+  done 5  failed 0  [\\d.]+ req/s")
        .matcher(run.err()).find(), run.err());
    assertTrue(Pattern.compile("stage 1 \\S+  sent 10/10  in flight \\d+  done 10  failed 0  [\\d.]+ req/s")
        .matcher(run.err()).find(), run.err());
    assertFalse(run.err().contains("\r"), "plain lines when not on a terminal");
  }
}
