package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what Kubernetes sends) and Ctrl-C in the middle of a run: the tool stops sending, lets requests in flight
 * finish within the grace period, writes every report for what it measured, marked interrupted, and exits non-zero.
 * Runs the real entry point in a child JVM so a real signal can be delivered.
 */
class InterruptTest {

  static final String LONG_RUN = """
      api: {type: completion, streaming: true}
      server: {type: simulator}
      simulator: {profile: fixed, ttft_ms: 5, itl_ms: 5}
      data: {type: mock}
      load: {type: constant, stage_grace_period: 2, stages: [{rate: 20, duration: 60}, {rate: 20, duration: 60}]}
      report: {request_lifecycle: {per_request: true}}
      """;

  @Test
  void sigtermWritesReportsMarkedInterruptedAndExits143(@TempDir Path dir) throws Exception {
    assertInterrupted(dir, "TERM", 143);
  }

  @Test
  void sigintWritesReportsMarkedInterruptedAndExits130(@TempDir Path dir) throws Exception {
    assertInterrupted(dir, "INT", 130);
  }

  private static void assertInterrupted(Path dir, String signal, int expectedExit) throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(config, LONG_RUN);
    Path reports = dir.resolve("reports");
    Path log = dir.resolve("log.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), "io.inferenceperf.Main",
        "-c", config.toString(), "--storage.local_storage.path", reports.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Path perRequest = reports.resolve("per_request_lifecycle_metrics.json");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // Wait until requests have been measured (the per-request file streams during the run).
      while (System.nanoTime() < deadline && (!Files.exists(perRequest) || Files.size(perRequest) < 2_000)) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(perRequest), "the run started: " + Files.readString(log));
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "exited after the signal: " + Files.readString(log));
      assertEquals(expectedExit, process.exitValue(), Files.readString(log));
    } finally {
      process.destroyForcibly();
    }
    JsonNode summary = CliRunner.JSON.readTree(reports.resolve("summary_lifecycle_metrics.json").toFile());
    assertEquals("interrupted", summary.get("status").asText(), summary.toString());
    JsonNode stage0 = CliRunner.JSON.readTree(reports.resolve("stage_0_lifecycle_metrics.json").toFile());
    assertEquals("interrupted", stage0.get("status").asText());
    assertTrue(!Files.exists(reports.resolve("stage_1_lifecycle_metrics.json")), "stage 1 never ran");
    JsonNode perRequest = CliRunner.JSON.readTree(reports.resolve("per_request_lifecycle_metrics.json").toFile());
    int count = summary.at("/load_summary/count").asInt();
    assertEquals(count, perRequest.size(), "the per-request file is complete JSON with every request");
    assertTrue(count > 5, "requests were measured: " + count);
    assertTrue(List.of(Files.readString(dir.resolve("log.txt")).split("\n")).stream()
        .noneMatch(l -> l.startsWith("\tat ")), "no stack trace");
  }

}
