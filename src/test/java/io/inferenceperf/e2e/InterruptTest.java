package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what Kubernetes sends) and Ctrl-C in the middle of a run: the tool stops sending, lets requests in flight
 * finish within the grace period, writes every report for what it measured, marked interrupted, and exits non-zero.
 * Runs the real entry point in a child JVM so a real signal can be delivered.
 *
 * <p>The child starts with SIGINT set explicitly (perl, always on Debian, sets it and execs the JVM): a test command
 * run as a background job of a non-interactive shell ({@code ./scripts/test.sh &}) has SIGINT ignored, every
 * process it starts inherits that, and a JVM leaves an ignored SIGINT ignored. With SIGINT reset to its default the
 * Ctrl-C test does not depend on how the tests were launched; with SIGINT ignored on purpose the tool must say so.
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

  private static final String IGNORED_WARNING =
      "SIGINT is ignored by this process (started as a background job?): Ctrl-C will not stop the run; use kill -TERM ";

  @Test
  void sigtermWritesReportsMarkedInterruptedAndExits143(@TempDir Path dir) throws Exception {
    String log = assertInterrupted(dir, "DEFAULT", List.of("TERM"), 143);
    assertFalse(log.contains("SIGINT is ignored"), log);
  }

  @Test
  void sigintWritesReportsMarkedInterruptedAndExits130(@TempDir Path dir) throws Exception {
    String log = assertInterrupted(dir, "DEFAULT", List.of("INT"), 130);
    assertFalse(log.contains("SIGINT is ignored"), log);
  }

  /** Started with SIGINT ignored: the tool says so at start, Ctrl-C does nothing, and SIGTERM still stops it. */
  @Test
  void withSigintIgnoredItWarnsAndSigtermStillStopsIt(@TempDir Path dir) throws Exception {
    String log = assertInterrupted(dir, "IGNORE", List.of("INT", "TERM"), 143);
    assertTrue(log.lines().anyMatch(l -> l.contains(IGNORED_WARNING)), log);
    assertTrue(log.contains("SIGTERM received"), log);
    assertFalse(log.contains("SIGINT received"), "the ignored SIGINT (sent first) stopped nothing: " + log);
  }

  /** The simulate command keeps the JVM's own signal handling; it warns the same way. */
  @Test
  void theSimulateCommandWarnsTooAndStopsOnSigterm(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("log.txt");
    Process process = start(log, "IGNORE", "simulate", "--port", "0", "--profile", "zero");
    try {
      waitFor(() -> Files.readString(log).contains("simulator listening on"), log);
      signal(process, "TERM");
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "exited after SIGTERM: " + Files.readString(log));
      assertEquals(143, process.exitValue(), Files.readString(log));
    } finally {
      process.destroyForcibly();
    }
    assertTrue(Files.readString(log).contains(
        "SIGINT is ignored by this process (started as a background job?): Ctrl-C will not stop the simulator;"
            + " use kill -TERM " + process.pid()), Files.readString(log));
  }

  /** Runs LONG_RUN, sends {@code signals} once requests are measured, checks the exit and reports; the log. */
  private static String assertInterrupted(Path dir, String sigint, List<String> signals, int expectedExit)
      throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(config, LONG_RUN);
    Path reports = dir.resolve("reports");
    Path log = dir.resolve("log.txt");
    Process process = start(log, sigint, "-c", config.toString(), "--storage.local_storage.path", reports.toString());
    try {
      Path perRequest = reports.resolve("per_request_lifecycle_metrics.json");
      // Wait until requests have been measured (the per-request file streams during the run).
      waitFor(() -> Files.exists(perRequest) && Files.size(perRequest) >= 2_000, log);
      for (String signal : signals) {
        signal(process, signal);
      }
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
    String output = Files.readString(log);
    assertTrue(output.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace");
    return output;
  }

  /**
   * The real entry point in a child JVM whose SIGINT disposition is {@code sigint} (DEFAULT or IGNORE) whatever
   * this JVM's is: perl sets it, then execs the JVM in its place (same pid).
   */
  private static Process start(Path log, String sigint, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = '" + sigint + "'; exec @ARGV or die"));
    command.addAll(ChildJvm.main(List.of(), args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void signal(Process process, String signal) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor());
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls {@code condition} for up to 60 s; fails with the child's log. */
  private static void waitFor(Condition condition, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && !condition.holds()) {
      Thread.sleep(100);
    }
    assertTrue(condition.holds(), "the run started: " + (Files.exists(log) ? Files.readString(log) : "no log"));
  }
}
