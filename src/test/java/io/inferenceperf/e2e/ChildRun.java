package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.testkit.ChildJvm;
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
  private final Process process;
  private final Path log;

  private ChildRun(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * {@code wrapper}: a command the JVM runs under (e.g. prlimit), or empty; {@code args}: the tool's arguments. The
   * child is an economy JVM (no client warm-up, C1 only: see {@link ChildJvm}).
   */
  static ChildRun start(Path log, List<String> wrapper, List<String> jvmOptions, String... args) throws IOException {
    return start(log, wrapper, jvmOptions, java.util.Map.of(), args);
  }

  /** As above, with {@code env} added to the child's environment. */
  static ChildRun start(Path log, List<String> wrapper, List<String> jvmOptions, java.util.Map<String, String> env,
      String... args) throws IOException {
    return start(ChildJvm.Mode.ECONOMY, log, wrapper, jvmOptions, env, args);
  }

  /** As above, the child JVM tuned by {@code mode}. */
  static ChildRun start(ChildJvm.Mode mode, Path log, List<String> wrapper, List<String> jvmOptions,
      java.util.Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; $SIG{XFSZ} = 'IGNORE'; exec @ARGV or die"));
    command.addAll(ChildJvm.main(mode, jvmOptions, args));
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
