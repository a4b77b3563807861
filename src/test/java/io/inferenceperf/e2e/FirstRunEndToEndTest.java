package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user sees on a first run against the built-in simulator: no warning (its model's tokenizer ships with
 * the tool, so nothing is downloaded and counts are exact), the client's CPU split into stages and start-up, and
 * as the very last line where the reports are.
 */
class FirstRunEndToEndTest {

  @Test
  void aSimulatorRunIsWarningFreeExactAndEndsWithWhereTheReportsAre(@TempDir Path dir) throws Exception {
    CliRunner.Result run = CliRunner.run(dir, """
        api: {type: chat, streaming: true}
        server: {type: simulator}
        simulator: {profile: fixed, ttft_ms: 5, itl_ms: 2}
        data:
          type: random
          input_distribution: {min: 32, max: 64, mean: 48, std_dev: 8}
          output_distribution: {min: 8, max: 16, mean: 12, std_dev: 2}
        load: {type: constant, base_seed: 1, stages: [{rate: 10, duration: 2}]}
        """);
    assertEquals(0, run.exitCode(), run.err());
    // Logs go to the process's own stderr, not captured here; that loading it warns of nothing is pinned by
    // SimulatorTokenizerAgreementTest#theServedModelsTokenizerLoadsWithoutNetworkOrWarnings.
    assertEquals("simulator words (built in)",
        run.json("summary_lifecycle_metrics.json").at("/measurement/tokenizer").asText());
    assertEquals("exact", exactness(run), "token counts are exact");
    assertTrue(run.out().contains("Client resources: CPU "), run.out());
    assertTrue(run.out().contains("  stages: "), "per-request CPU over the stages only: " + run.out());
    List<String> lines = run.out().strip().lines().toList();
    assertTrue(lines.getLast().startsWith("Reports in " + run.reports().toAbsolutePath() + " ("), lines.getLast());
  }

  private static String exactness(CliRunner.Result run) throws Exception {
    String granularity = run.json("summary_lifecycle_metrics.json").at("/measurement/itl_granularity").asText();
    return granularity.equals("per_token") ? "exact" : granularity;
  }
}
