package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real entry point in a child JVM, its output in a log file, for tests that signal it or limit it. perl resets
 * SIGINT to its default (a test run as a background job has it ignored, see InterruptTest), ignores SIGXFSZ (so a
 * write past a file size limit fails with EFBIG instead of killing the process) and execs the JVM (same pid).
 */
final class ChildRun implements AutoCloseable {
  /**
   * A JVM option for child runs that measure no latency: no client warm-up (a cold JVM spends its whole 2 s budget).
   */
  static final String NO_WARMUP = "-Dinferenceperf.warmupBudgetMillis=0";

  private final Process process;
  private final Path log;

  private ChildRun(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** {@code wrapper}: a command the JVM runs under (e.g. prlimit), or empty; {@code args}: the tool's arguments. */
  static ChildRun start(Path log, List<String> wrapper, List<String> jvmOptions, String... args) throws IOException {
    return start(log, wrapper, jvmOptions, java.util.Map.of(), args);
  }

  /** As above, with {@code env} added to the child's environment. */
  static ChildRun start(Path log, List<String> wrapper, List<String> jvmOptions, java.util.Map<String, String> env,
      String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; $SIG{XFSZ} = 'IGNORE'; exec @ARGV or die", java,
        "--enable-native-access=ALL-UNNAMED"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.inferenceperf.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    return new ChildRun(process, log);
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Waits up to {@code seconds} for {@code text} in the log; fails with the log. */
  void awaitLog(String text, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline && !log().contains(text) && process.isAlive()) {
      Thread.sleep(20);
    }
    assertTrue(log().contains(text), "'" + text + "' within " + seconds + " s in: " + log());
  }

  void signal(String name) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor());
  }

  /** The exit code, waiting up to {@code seconds}; fails with the log if it is still running. */
  int awaitExit(int seconds) throws Exception {
    assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "exited within " + seconds + " s: " + log());
    return process.exitValue();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** No stack trace in the log. */
  void assertNoStackTrace() throws IOException {
    String output = log();
    assertTrue(output.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace: " + output);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
