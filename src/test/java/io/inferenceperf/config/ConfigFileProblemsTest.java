package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems found in a YAML file carry its line and column; all of them are reported in one go. */
class ConfigFileProblemsTest {

  private static final String F = Loads.RESOURCES;

  @TempDir Path dir;

  private static List<String> formatted(LoadResult r) {
    return r.problems().stream().map(ConfigProblem::format).toList();
  }

  @Test
  void everyMistakeInTheFileIsReportedAtOnceInFileOrder() {
    LoadResult r = Loads.resource("many-errors.yml");
    String f = F + "many-errors.yml";
    String constantStages = " (constant stages take rate (requests/s) and duration (s))";
    assertEquals(List.of(
        f + ":2:9: api.type: must be one of completion, chat, anthropic_messages, auto (got 'chta'; did you mean chat?)",
        f + ":3:3: api.streming: unknown key; did you mean api.streaming?",
        f + ":5:3: data.otel_trace_replay: missing required key for data.type otel_trace_replay (e.g."
            + " {trace_directory: traces/})",
        f + ":9:13: load.stages[0].rate: must be > 0 (got -1)",
        f + ":11:7: load.stages[1].duration: missing required key for load.type constant" + constantStages,
        f + ":12:21: load.stages[1].num_requests: not allowed with load.type constant" + constantStages,
        f + ":13:16: load.num_workers: expected an integer, got 'many'",
        f + ":15:5: load.lora_traffic_split: the splits add up to 0.7; they must add up to 1 (e.g. 0.5 and 0.5)",
        f + ":18:13: server.base_url: must be an http:// or https:// URL with a host, e.g. http://localhost:8000"
            + " (got 'localhost:8000')",
        f + ":21:23: report.request_lifecycle.percentiles[1]: must be between 0 and 100 (got 101)"),
        formatted(r));
    assertNull(r.config());
  }

  @Test
  void fileAndCliProblemsAreReportedTogether() {
    LoadResult r = Loads.resource("many-errors.yml", "--load.worker_max_concurency", "3", "--api.streaming", "maybe");
    assertEquals(12, r.problems().size(), r.formatProblems());
    ConfigProblem cli = Loads.problem(r, "load.worker_max_concurency", "did you mean load.worker_max_concurrency?");
    assertEquals("load.worker_max_concurency: unknown key; did you mean load.worker_max_concurrency?"
        + " (from --load.worker_max_concurency)", cli.format());
  }

  @Test
  void unknownKeysPointAtTheKeyAndSuggestTheRightOne() {
    LoadResult r = Loads.resource("unknown-keys.yml");
    String f = F + "unknown-keys.yml";
    assertEquals(List.of(
        f + ":8:3: load.num_worker: unknown key; did you mean load.num_workers?",
        f + ":10:3: server.baseurl: unknown key; did you mean server.base_url?",
        f + ":11:1: raport: unknown key; did you mean report?"),
        formatted(r)); // and no second "missing server.base_url" for the misspelt key
  }

  @Test
  void wrongTypesAreNamedWithWhatWasFound() {
    LoadResult r = Loads.resource("wrong-types.yml");
    String f = F + "wrong-types.yml";
    assertEquals(List.of(
        f + ":2:14: api.streaming: expected a boolean (true/false, yes/no, 1/0; any case), got 'sometimes'",
        f + ":3:12: api.headers: expected a mapping (on the command line: JSON such as '{\"key\": \"value\"}'), got"
            + " 'x-team'",
        f + ":10:17: load.stages[1].duration: expected a number, got boolean true",
        f + ":18:18: report.request_lifecycle.percentiles: expected a list (on the command line: JSON such as"
            + " '[...]'), got integer 50"),
        formatted(r));
  }

  @Test
  void quotedNumbersAndYamlSpellingsAreAcceptedLikeInferencePerf() {
    Config c = ok(Loads.yaml(dir, """
        load:
          interval: "1.5"
          stages: [{rate: "10", duration: 1e2}, {rate: 1_000, duration: 60.0}]
          num_workers: 2.0
          base_seed: 12345678901234
        server:
          base_url: http://127.0.0.1:8000
          ignore_eos: no
        """));
    assertEquals(1.5, c.load().intervalSeconds());
    assertEquals(List.of(LoadStage.rate(10, 100), LoadStage.rate(1000, 60)), c.load().stages());
    assertEquals(2, c.load().numWorkers());
    assertEquals(12345678901234L, c.load().baseSeed());
    assertFalse(c.server().ignoreEos());
  }

  @Test
  void yamlSyntaxErrorGivesLineColumnAndWhereTheConstructStarted() {
    LoadResult r = Loads.resource("syntax-error.yml", Loads.MINIMAL.toArray(String[]::new));
    assertEquals(List.of(F + "syntax-error.yml:5:1: YAML syntax error: expected ',' or ']', but got <scalar> (while"
        + " parsing a flow sequence started at line 4, column 11)"), formatted(r));
    assertTrue(r.resolvedTree().isEmpty());
  }

  @Test
  void tabIndentationIsASyntaxErrorWithPosition() {
    ConfigProblem p = Loads.onlyProblem(Loads.resource("tab-indent.yml"), "", "YAML syntax error");
    assertEquals(2, p.line());
    assertEquals(1, p.column());
    assertTrue(p.message().contains("TAB"), p.message());
  }

  @Test
  void duplicateKeysAreReportedWithBothLines() {
    LoadResult r = Loads.resource("duplicate-and-tabs.yml");
    assertEquals(List.of(F + "duplicate-and-tabs.yml:3:3: load.type: duplicate key (first set at line 2)"),
        formatted(r));
  }

  @Test
  void topLevelMustBeAMapping() {
    assertEquals(List.of(F + "not-a-mapping.yml:1:1: the config file must be a mapping of sections (api:, data:,"
        + " load:, server:, ...), got a list"), formatted(Loads.resource("not-a-mapping.yml")));
  }

  @Test
  void missingBaseUrlPointsAtTheServerSection() {
    LoadResult r = Loads.yaml(dir, """
        load:
          stages: [{rate: 1, duration: 1}]
        server:
          model_name: m
        """);
    ConfigProblem p = Loads.onlyProblem(r, "server.base_url", "missing required key");
    assertEquals(4, p.line());
    assertEquals(3, p.column());
  }

  @Test
  void simulatorFileIsValid() {
    Config c = ok(Loads.resource("simulator.yml"));
    assertEquals(ServerConfig.ServerType.SIMULATOR, c.server().type());
    assertEquals("fast", c.simulator().options().get("profile"));
  }

  @Test
  void directoryIsNotAConfigFile() {
    LoadResult r = Loads.load(dir, List.of());
    assertEquals(1, r.problems().size());
    assertTrue(r.problems().get(0).message().contains("is a directory"));
  }

  @Test
  void nonUtf8FileIsReported() throws Exception {
    Path file = dir.resolve("latin1.yml");
    java.nio.file.Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
    LoadResult r = Loads.load(file, List.of());
    assertEquals(1, r.problems().size(), r.formatProblems());
    assertTrue(r.problems().get(0).message().contains("not UTF-8"));
  }
}
