package io.inferenceperf.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs the tool's real entry point ({@code io.inferenceperf.Main}) in a child JVM, for the tests
 * that need a process of its own (signals, exit codes, a file size limit, several pods).
 *
 * <p>Most of those runs measure no latency, and on these 2-core machines a child JVM's CPU is mostly its start: the
 * client warm-up (2 s on both cores) and the C2 compiler. {@link #ECONOMY} drops both, which cuts a short run's CPU
 * to about a third (a 2-s run at 20 req/s: 8.6 s of CPU by default, 4.5 s without the warm-up, 3.0 s with C1 only
 * as well) and so the whole suite's time, since the suite is CPU-bound while its parallel part runs. A test that
 * measures latency or watches the warm-up asks for {@link Mode#MEASURING}.
 */
public final class ChildJvm {
  /** How the child JVM is tuned. */
  public enum Mode {
    /** C1 only, serial GC, no client warm-up: for runs that measure no latency. */
    ECONOMY,
    /** The JVM's defaults and the tool's client warm-up, as a user's run. */
    MEASURING
  }

  /** The options of {@link Mode#ECONOMY}. */
  public static final List<String> ECONOMY = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      "-Dinferenceperf.warmupBudgetMillis=0");

  private ChildJvm() {}

  /** This JVM's {@code java} launcher. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The test class path: the classes under test and every dependency. */
  public static String classPath() {
    return System.getProperty("java.class.path");
  }

  /** {@code java [mode's options] [jvmOptions] -cp CLASSPATH io.inferenceperf.Main [args]}, economy mode. */
  public static List<String> main(List<String> jvmOptions, String... args) {
    return main(Mode.ECONOMY, jvmOptions, args);
  }

  /** {@code java [mode's options] [jvmOptions] -cp CLASSPATH io.inferenceperf.Main [args]}. */
  public static List<String> main(Mode mode, List<String> jvmOptions, String... args) {
    return java(mode, jvmOptions, "io.inferenceperf.Main", args);
  }

  /** {@code java [mode's options] [jvmOptions] -cp CLASSPATH mainClass [args]}. */
  public static List<String> java(Mode mode, List<String> jvmOptions, String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED"));
    if (mode == Mode.ECONOMY) command.addAll(ECONOMY);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath(), mainClass));
    command.addAll(List.of(args));
    return command;
  }
}
