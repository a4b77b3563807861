package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A crash keeps what was measured": the run is killed with SIGKILL (no shutdown hook, no final write) while it is
 * sending; the per-request file already on disk holds complete entries for what was measured, each a valid JSON
 * object, and only lacks the array's closing bracket; the results file, which lacks its end, still gives the reports.
 */
class CrashTest {

  @Test
  void perRequestEntriesSurviveAKill(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(config, InterruptTest.LONG_RUN);
    Path reports = dir.resolve("reports");
    Process process = new ProcessBuilder(ChildJvm.main(List.of(), "-c", config.toString(),
        "--storage.local_storage.path", reports.toString(), "--log-level", "ERROR"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
    Path perRequest = reports.resolve("per_request_lifecycle_metrics.json");
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Path results = reports.resolve("results.jsonl.gz");
      while (System.nanoTime() < deadline && (!Files.exists(perRequest) || Files.size(perRequest) < 120_000
          || !Files.exists(results) || Files.size(results) < 6_000)) { // past the header: requests were flushed
        Thread.sleep(100);
      }
      assertTrue(Files.exists(perRequest), "the run started: " + Files.readString(dir.resolve("log.txt")));
      new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).start().waitFor();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS));
      assertEquals(137, process.exitValue());
    } finally {
      process.destroyForcibly();
    }
    String text = Files.readString(perRequest).strip();
    assertFalse(text.endsWith("]"), "killed before the file was closed");
    // Every complete line is an entry; at most the last, cut mid-write, is partial.
    String[] lines = text.split("\n");
    int complete = 0;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].endsWith(",") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      try {
        JsonNode entry = CliRunner.JSON.readTree(line);
        assertTrue(entry.has("start_time") && entry.has("stage_id"), line);
        complete++;
      } catch (java.io.IOException partial) {
        assertEquals(lines.length - 1, i, "only the last line may be partial: " + line);
      }
    }
    assertTrue(complete >= 5, "entries measured before the kill are on disk: " + complete);
    assertFalse(Files.exists(reports.resolve("summary_lifecycle_metrics.json")), "SIGKILL leaves no time for it");

    // The results file kept what was measured too: the report command makes the reports the run could not.
    Path rebuilt = dir.resolve("rebuilt");
    CliRunner.Output report = CliRunner.cli("report", reports.toString(),
        "--output", rebuilt.toString());
    assertEquals(0, report.code(), report.err());
    assertTrue(report.err().contains("did not finish"), report.err());
    JsonNode summary = CliRunner.JSON.readTree(rebuilt.resolve("summary_lifecycle_metrics.json").toFile());
    assertEquals("interrupted", summary.get("status").asText());
    assertTrue(summary.at("/load_summary/count").asInt() >= 5, summary.get("load_summary").toString());
  }
}
