package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * server.type mock: inference-perf's own mock end-to-end config runs unchanged and offline, against the built-in
 * simulator in-process (its base_url, http://0.0.0.0:8000, is never contacted), and the run's config.yaml and
 * results file say that no real server was measured.
 */
class MockServerEndToEndTest {

  private static final Path CONFIG = Path.of("src/test/resources/inference-perf-e2e/e2e_simple_mock_client.yaml");

  @Test
  void inferencePerfsMockConfigRunsOfflineAndSaysNothingRealWasMeasured(@TempDir Path reports) throws Exception {
    CliRunner.Output run = CliRunner.cli("-c", CONFIG.toString(), "--storage.local_storage.path", reports.toString());
    assertEquals(0, run.code(), run.err() + run.out());

    JsonNode summary = CliRunner.JSON.readTree(reports.resolve("summary_lifecycle_metrics.json").toFile());
    assertEquals(10, summary.at("/successes/count").asInt(), "rate 1 for 10 s: " + summary);
    assertEquals(0, summary.at("/failures/count").asInt());
    assertTrue(Files.exists(reports.resolve("stage_0_lifecycle_metrics.json")));
    JsonNode perRequest = CliRunner.JSON.readTree(reports.resolve("per_request_lifecycle_metrics.json").toFile());
    assertEquals(10, perRequest.size());
    assertTrue(perRequest.get(0).get("request").asText().contains("\"messages\""), "api.type chat was sent");

    String configYaml = Files.readString(reports.resolve("config.yaml"));
    assertTrue(configYaml.startsWith("# server.type mock: no real model server is measured"), configYaml);
    String header = firstLine(reports.resolve("results.jsonl.gz"));
    assertTrue(header.contains("server.type mock: no real model server is measured"), header);
  }

  private static String firstLine(Path gz) throws Exception {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
        StandardCharsets.UTF_8))) {
      return in.readLine();
    }
  }
}
