package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point in a child JVM with its output redirected to files (not a terminal), as in a CI log or a
 * Kubernetes Job: the summary tables fit 80 columns in plain text, a progress line ends each stage, and --log-level
 * decides which log lines appear (slf4j reads its level once per JVM, so this needs a fresh process).
 */
class CliProcessTest {

  private static final String CONFIG = """
      api: {type: chat, streaming: true}
      server: {type: simulator}
      simulator: {profile: fixed, ttft_ms: 3, itl_ms: 1, fault_429_fraction: 0.2, fault_cut_fraction: 0.1, seed: 4}
      data:
        type: random
        input_distribution: {min: 20, max: 200, mean: 100, std_dev: 40}
        output_distribution: {min: 4, max: 40, mean: 16, std_dev: 8}
      load: {type: constant, interval: 0, base_seed: 8, stages: [{rate: 20, duration: 1}, {rate: 40, duration: 0.5}]}
      """;

  record Output(int code, String out, String err) {}

  static Output runMain(Path dir, String... args) throws Exception {
    return runMain(dir, CONFIG, List.of(), args);
  }

  static Output runMain(Path dir, String configText, List<String> jvmOptions, String... args) throws Exception {
    return runMain(ChildJvm.Mode.ECONOMY, dir, configText, jvmOptions, args);
  }

  static Output runMain(ChildJvm.Mode mode, Path dir, String configText, List<String> jvmOptions, String... args)
      throws Exception {
    Files.createDirectories(dir);
    Path config = dir.resolve("config.yml");
    Files.writeString(config, configText);
    List<String> command = new ArrayList<>(ChildJvm.main(mode, jvmOptions, "-c", config.toString(),
        "--storage.local_storage.path", dir.resolve("reports").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().remove("COLUMNS");
    builder.environment().remove("NO_COLOR");
    builder.environment().put("TERM", "xterm-256color"); // a colour terminal type, but output is not a terminal
    Process process = builder.start();
    try {
      assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the run finished");
    } finally {
      process.destroyForcibly();
    }
    return new Output(process.exitValue(), Files.readString(dir.resolve("out.txt")),
        Files.readString(dir.resolve("err.txt")));
  }

  /**
   * 1,000 streams of 32 tokens: 31,000 inter-token gaps, past the 16,384 a distribution holds on the heap, so the
   * run writes a scratch file (the unwritable-directory test below proves it tries).
   */
  private static final String MANY_VALUES = """
      api: {type: completion, streaming: true}
      server: {type: simulator, ignore_eos: true}
      simulator: {profile: zero}
      data:
        type: random
        input_distribution: {min: 10, max: 10, mean: 10}
        output_distribution: {min: 32, max: 32, mean: 32}
      load: {type: constant, base_seed: 3, stages: [{rate: 500, duration: 2}]}
      """;

  @Test
  void exactValuesSpillToAnUnlinkedScratchFileThatNothingLeavesBehind(@TempDir Path dir) throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    Output run = runMain(dir.resolve("run"), MANY_VALUES, List.of("-Djava.io.tmpdir=" + scratch));
    assertEquals(0, run.code(), run.err());
    assertFalse(run.err().contains("scratch file"), run.err());
    JsonNode summary = new ObjectMapper().readTree(
        dir.resolve("run/reports/summary_lifecycle_metrics.json").toFile());
    assertEquals("exact", summary.path("measurement").path("percentile_method").asText(), summary.toString());
    assertEquals(1000, summary.path("load_summary").path("count").asInt());
    try (var left = Files.list(scratch)) {
      assertEquals(List.of(), left.toList(), "the scratch file is gone with the process");
    }
  }

  @Test
  void anUnwritableScratchDirectoryKeepsTheValuesInMemoryWithOneWarning(@TempDir Path dir) throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "x");
    Output run = runMain(dir.resolve("run"), MANY_VALUES, List.of("-Djava.io.tmpdir=" + notADirectory));
    assertEquals(0, run.code(), run.err());
    assertEquals(1, run.err().lines().filter(l -> l.contains("cannot create a scratch file in")).count(), run.err());
    assertTrue(run.err().contains("-Djava.io.tmpdir="), "the warning names the fix: " + run.err());
    assertTrue(run.err().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace");
    JsonNode summary = new ObjectMapper().readTree(
        dir.resolve("run/reports/summary_lifecycle_metrics.json").toFile());
    assertEquals("exact", summary.path("measurement").path("percentile_method").asText(), summary.toString());
  }

  @Test
  void tablesFitEightyColumnsInPlainTextAndDebugLogsShow(@TempDir Path dir) throws Exception {
    // with the client warm-up, whose summary is the debug line every run logs
    Output run = runMain(ChildJvm.Mode.MEASURING, dir, CONFIG, List.of(), "--log-level", "DEBUG");
    assertEquals(0, run.code(), run.err());
    for (String table : List.of("Throughput", "Latency (ms)", "Token generation (ms)", "Token lengths", "Errors",
        "Client health")) {
      assertTrue(run.out().contains(table), table + " missing:\n" + run.out());
    }
    assertTrue(run.out().contains("429 - Rate Limit") && run.out().contains("Stream Cut"), run.out());
    for (String line : run.out().split("\n")) {
      assertTrue(line.length() <= 80, "longer than 80 columns (" + line.length() + "): " + line);
    }
    assertFalse(run.out().contains("\u001b") || run.err().contains("\u001b"), "no escape codes off a terminal");
    assertFalse(run.err().contains("\r"), "no self-rewriting progress line off a terminal");
    assertTrue(run.err().matches("(?s).*stage 0 \\S+  sent 20/20 .*"), run.err());
    assertTrue(run.err().matches("(?s).*stage 1 \\S+  sent 20/20 .*"), run.err());
    assertTrue(run.err().contains("[INFO]"), run.err());
    assertTrue(run.err().contains("[DEBUG]"), run.err());
    assertTrue(run.err().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace");
  }

  @Test
  void onATerminalTheProgressLineRewritesItselfEverySecondAndTablesHaveColour(@TempDir Path dir) throws Exception {
    // util-linux `script` runs the tool on a pseudo-terminal, as a user's shell would.
    Assumptions.assumeTrue(new java.io.File("/usr/bin/script").canExecute(), "needs util-linux script for a pty");
    Files.writeString(dir.resolve("config.yml"), CONFIG.replace(
        "stages: [{rate: 20, duration: 1}, {rate: 40, duration: 0.5}]", "stages: [{rate: 20, duration: 2.5}]"));
    String command = String.join(" ", ChildJvm.main(List.of(), "-c", dir.resolve("config.yml").toString(),
        "--storage.local_storage.path", dir.resolve("reports").toString(), "--log-level", "ERROR").stream()
        .map(CliProcessTest::quote).toList());
    ProcessBuilder builder = new ProcessBuilder("script", "-qec", command, "/dev/null")
        .redirectErrorStream(true).redirectOutput(dir.resolve("tty.txt").toFile());
    builder.environment().remove("NO_COLOR");
    builder.environment().put("TERM", "xterm-256color");
    Process process = builder.start();
    try {
      assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the run finished");
    } finally {
      process.destroyForcibly();
    }
    String tty = Files.readString(dir.resolve("tty.txt"));
    assertEquals(0, process.exitValue(), tty);
    // The live line: redrawn in place (carriage return, no newline) at least once while the 2.5 s stage runs.
    assertTrue(tty.matches("(?s).*\\rstage 0 [0-9.]+/2\\.5s  sent \\d+/50 [^\\n]*\\rstage 0 .*"), tty);
    assertTrue(tty.contains("\u001b[1mThroughput"), "bold titles on a terminal: " + tty);
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  @Test
  void logLevelErrorSilencesInfoAndWarnings(@TempDir Path dir) throws Exception {
    Output run = runMain(dir, "--log-level", "ERROR");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("Throughput"), "the tables are output, not logs:\n" + run.out());
    assertFalse(run.err().contains("[INFO]"), run.err());
    assertFalse(run.err().contains("[WARN]"), run.err());
    assertTrue(run.err().contains("stage 1 "), "the progress line is not a log line: " + run.err());
  }
}
