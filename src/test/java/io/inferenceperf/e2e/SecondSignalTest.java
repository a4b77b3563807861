package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * A first SIGTERM starts the orderly stop, which waits for slow requests in flight up to the stage's grace period
 * (here 120 s); a second SIGTERM exits at once with 143, and what was measured until then is still readable: the
 * report command rebuilds the reports from the results file. (SIGINT takes the same path; InterruptTest covers
 * the first signal of each.)
 */
class SecondSignalTest {

  private static final String SLOW_RUN = """
      api: {type: completion, streaming: true}
      server: {type: simulator}
      simulator: {profile: fixed, ttft_ms: 5, itl_ms: 300}
      data: {type: mock}
      load: {type: constant, stage_grace_period: 120, stages: [{rate: 20, duration: 60}]}
      """;

  @Test
  void aSecondSignalExitsAtOnceAndLeavesReadableResults(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(config, SLOW_RUN);
    Path reports = dir.resolve("reports");
    Path log = dir.resolve("log.txt");
    // perl resets SIGINT to its default and execs the JVM (same pid), as InterruptTest does.
    List<String> command = new java.util.ArrayList<>(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die"));
    command.addAll(ChildJvm.main(List.of(), "-c", config.toString(), "--storage.local_storage.path",
        reports.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long exitMillis;
    try {
      Path results = reports.resolve("results.jsonl.gz");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline && !(Files.exists(results) && Files.size(results) >= 6_000
          && Files.readString(log).contains("stage 0 starting"))) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(results), "the run started: " + Files.readString(log));
      kill(process, "TERM");
      long waitDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < waitDeadline && !Files.readString(log).contains("SIGTERM received")) {
        Thread.sleep(50);
      }
      assertTrue(process.isAlive(), "still waiting for its slow requests: " + Files.readString(log));
      long secondAt = System.nanoTime();
      kill(process, "TERM");
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exited after the second signal: " + Files.readString(log));
      exitMillis = (System.nanoTime() - secondAt) / 1_000_000;
      assertEquals(143, process.exitValue(), Files.readString(log));
    } finally {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertTrue(output.contains("Second signal: exiting now without waiting."), output);
    assertTrue(output.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace: " + output);
    assertTrue(exitMillis < 30_000, "far sooner than the 120 s grace period: " + exitMillis + " ms");

    Path rebuilt = dir.resolve("rebuilt");
    CliRunner.Output report = CliRunner.cli("report", reports.toString(), "--output", rebuilt.toString());
    assertEquals(0, report.code(), report.err());
    JsonNode summary = CliRunner.JSON.readTree(rebuilt.resolve("summary_lifecycle_metrics.json").toFile());
    assertEquals("interrupted", summary.get("status").asText());
    assertTrue(summary.at("/load_summary/count").asInt() >= 1, summary.get("load_summary").toString());
  }

  private static void kill(Process process, String signal) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor());
  }
}
