package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompts longer than the server's context: each is sent, refused with a 400 that says why, and recorded as a
 * failure with that message; no request succeeding, the run exits 1. A prompt of 10^7 tokens goes the same way
 * but takes about 27 s to prepare; here 200,000 tokens against a 131,072-token context keep the test fast.
 * (Over 10^7 tokens the config is refused outright: config.AbsurdValuesTest.)
 */
class LongPromptTest {

  @Test
  void promptsLongerThanTheContextAreRecordedFailuresWithTheServersReasonAndExit1(@TempDir Path dir)
      throws Exception {
    CliRunner.Result run = CliRunner.run(dir, """
        api: {type: completion, streaming: true}
        server: {type: simulator}
        simulator: {profile: zero, max_model_len: 131072}
        data:
          type: random
          input_distribution: {min: 200000, max: 200000, mean: 200000, std_dev: 0}
          output_distribution: {min: 10, max: 10, mean: 10, std_dev: 0}
        load: {type: constant, stages: [{rate: 2, duration: 2}]}
        """);
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains("No request succeeded"), run.err());
    JsonNode summary = run.json("summary_lifecycle_metrics.json");
    JsonNode failures = summary.at("/failures/by_label/400 - Context Window");
    assertEquals(4, failures.path("count").asInt(), summary.get("failures").toString());
    assertEquals(4, summary.at("/load_summary/count").asInt(), "every planned request recorded");
    assertTrue(summary.get("failures").toString().contains("the context is 131072 tokens but 200000 prompt tokens"),
        summary.get("failures").toString());
    assertTrue(!run.err().contains("\tat ") && !run.out().contains("\tat "), "no stack trace");
  }
}
