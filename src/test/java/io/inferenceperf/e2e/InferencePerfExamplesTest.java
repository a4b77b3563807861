package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * inference-perf's own configs that use load.sweep and goodput are accepted as they are (dry run). Only the dataset
 * file is given, since we read datasets from local files (data.path), never from the Hugging Face Hub.
 */
class InferencePerfExamplesTest {

  @ParameterizedTest
  @CsvSource({
    "inference-perf-sweep.yml, 'Sweep (geometric)', '10 stages of 60s'",
    "inference-perf-goodput.yml, 'Sweep (linear)', '7 stages of 60s'"
  })
  void sweepAndGoodputConfigsDryRunUnchanged(String file, String sweep, String stages) {
    CliRunner.Output run = CliRunner.cli("--dry-run", "-c", "src/test/resources/config/" + file,
        "--data.path", Path.of("src/test/resources/datasets/sharegpt.json").toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains(sweep), run.out());
    assertTrue(run.out().contains(stages), run.out());
    assertTrue(run.out().contains("saturation = p95 of its burn-down rates"), run.out());
  }

  @Test
  void theCircuitBreakerConfigDryRunsUnchanged() {
    CliRunner.Output run = CliRunner.cli("--dry-run", "-c", "src/test/resources/config/inference-perf-circuitbreaker.yml",
        "--data.path", Path.of("src/test/resources/datasets/sharegpt.json").toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("breakers   request_timeout_breaker (consecutive (threshold 10), rate_over_window"
        + " (window_sec 2.5, threshold 0.8, min_samples 2)); an open one stops the run"), run.out());
  }
}
