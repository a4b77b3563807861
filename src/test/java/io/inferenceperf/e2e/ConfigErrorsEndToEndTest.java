package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2 point 3 through the command line: every config mistake at once, each with key path, file line and column
 * and what is allowed, exit status 2, no stack trace, and nothing sent: a capturing server named as base_url receives
 * not even the /v1/models lookup.
 */
class ConfigErrorsEndToEndTest {

  @Test
  void everyMistakeIsReportedAtOnceAndNothingIsSent(@TempDir Path dir) throws Exception {
    try (CapturingOpenAiServer server = new CapturingOpenAiServer("m")) {
      String yaml = """
          api:
            type: chta
            streming: true
          server:
            base_url: %s
          load:
            type: poisson
            num_workers: many
            stages:
              - {rate: 10}
          report:
            request_lifecycle: {percentiles: [50, 101]}
          data: {type: otel_trace_replay}
          """.formatted(server.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml, "--load.worker_max_concurency", "3");
      assertEquals(2, run.exitCode(), run.err());
      String f = dir.resolve("config.yml").toString();
      List<String> expected = List.of(
          f + ":2:9: api.type: must be one of completion, chat, anthropic_messages, auto (got 'chta'; did you mean chat?)",
          f + ":3:3: api.streming: unknown key; did you mean api.streaming?",
          f + ":8:16: load.num_workers: expected an integer, got 'many'",
          f + ":10:7: load.stages[0].duration: missing required key",
          f + ":12:41: report.request_lifecycle.percentiles[1]: must be between 0 and 100 (got 101)",
          f + ":13:7: data.otel_trace_replay: missing required key for data.type otel_trace_replay (e.g."
              + " {trace_directory: traces/})",
          "load.worker_max_concurency: unknown key; did you mean load.worker_max_concurrency?",
          "7 problems in the configuration; nothing was sent.");
      for (String line : expected) {
        assertTrue(run.err().contains(line), "missing: " + line + "\n--- got:\n" + run.err());
      }
      assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), "no stack trace:\n" + run.err());
      assertEquals(List.of(), server.received(), "nothing reached the server");
      assertFalse(Files.exists(run.reports()), "no report folder");
    }
  }

  @Test
  void simulatorSectionMistakesAreConfigErrorsToo(@TempDir Path dir) throws Exception {
    CliRunner.Result run = CliRunner.run(dir, """
        server: {type: simulator}
        simulator: {profile: fixed, ttft_mss: 5, itl_ms: -1}
        load: {stages: [{rate: 1, duration: 1}]}
        """);
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("simulator: ") && run.err().contains("ttft_mss"), run.err());
    assertTrue(run.err().contains("itl_ms"), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
  }

  @Test
  void badCommandLineFlagIsAConfigError(@TempDir Path dir) throws Exception {
    CliRunner.Result run = CliRunner.run(dir, "server: {type: simulator}\n", "--log-level", "LOUD", "--confg", "x");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("--log-level: must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL (got 'LOUD')"),
        run.err());
    assertTrue(run.err().contains("--confg: unknown option"), run.err());
  }
}
