package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool without its Java 22 classes (those of {@code src/main/java22}, which call C through the FFM API): what a
 * Java 21 JVM has, since it never loads them, and what a jar built by a JDK 21 holds. A run then goes over Netty's
 * transport with ordinary I/O threads, its reports say so, and asking for kernel timestamps or real-time I/O threads
 * is a config error that says why. (No Java 21 JVM is installed here: the child is this JVM with those class files
 * left out.)
 */
class WithoutFfmClassesEndToEndTest {
  @TempDir static Path shared;
  private static String classPath;

  @BeforeAll
  static void classesWithoutJava22() throws IOException {
    Path main = Path.of("target/classes").toAbsolutePath();
    Path copy = shared.resolve("classes");
    int left = 0;
    try (Stream<Path> files = Files.walk(main)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        byte[] bytes = Files.readAllBytes(file);
        if (file.toString().endsWith(".class") && ((bytes[6] & 0xff) << 8 | (bytes[7] & 0xff)) > 65) {
          left++;
          continue;
        }
        Path target = copy.resolve(main.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
      }
    }
    assertTrue(left >= 5, "the Java 22 classes left out: " + left);
    List<String> entries = new ArrayList<>(List.of(copy.toString()));
    Arrays.stream(ChildJvm.classPath().split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).toAbsolutePath().equals(main))
        .forEach(entries::add);
    classPath = entries.stream().collect(Collectors.joining(File.pathSeparator));
  }

  @Test
  void aRunGoesOverNettyAndTheReportsSaySo(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"))) {
      Run run = run(dir, sim.baseUrl(), "");
      assertEquals(0, run.exitCode(), run.output());
      assertTrue(run.output().contains("arrival times from the I/O thread's clock, not the kernel's: this jar was"
          + " built by a JDK 21"), run.output());
      JsonNode stage = CliRunner.JSON.readTree(dir.resolve("reports/stage_0_lifecycle_metrics.json").toFile());
      assertEquals("user_space_read", stage.at("/measurement/arrival_timestamps").asText(), stage.toString());
      assertEquals("normal", stage.at("/measurement/io_threads").asText());
      assertEquals(10, stage.at("/successes/count").asInt(), stage.toString());
      assertEquals(10, sim.truth().snapshot().completed());
    }
  }

  @Test
  void askingForKernelTimestampsIsAConfigErrorThatSaysWhy(@TempDir Path dir) throws Exception {
    assertRefusedBeforeTheLoad(dir, ", kernel_timestamps: on",
        "load.kernel_timestamps is on but this jar was built by a JDK 21", "rebuild it with JDK 22 or later",
        "set load.kernel_timestamps to auto");
  }

  @Test
  void askingForRealtimeIoThreadsIsAConfigErrorThatSaysWhy(@TempDir Path dir) throws Exception {
    assertRefusedBeforeTheLoad(dir, ", io_priority: realtime",
        "load.io_priority is realtime but real-time I/O threads are unavailable",
        "set load.io_priority to auto or normal");
  }

  /** A run with {@code loadExtra} exits 2 before sending anything, saying each of {@code phrases}, no stack trace. */
  private static void assertRefusedBeforeTheLoad(Path dir, String loadExtra, String... phrases) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("zero"))) {
      Run run = run(dir, sim.baseUrl(), loadExtra);
      assertEquals(2, run.exitCode(), run.output());
      for (String phrase : phrases) assertTrue(run.output().contains(phrase), phrase + " in: " + run.output());
      assertTrue(run.output().contains("1 problem in the configuration; nothing was sent."), run.output());
      assertFalse(run.output().lines().anyMatch(l -> l.startsWith("\tat ")), "no stack trace: " + run.output());
      assertEquals(0, sim.truth().snapshot().requests(), "nothing sent");
    }
  }

  private record Run(int exitCode, String output) {}

  private static Run run(Path dir, String baseUrl, String loadExtra) throws Exception {
    Path config = Files.writeString(dir.resolve("config.yml"), """
        api: {type: completion, streaming: true}
        server: {type: vllm, base_url: %s, model_name: simulated-model}
        data: {type: mock}
        load: {type: constant, stages: [{rate: 10, duration: 1}]%s}
        """.formatted(baseUrl, loadExtra));
    List<String> command = new ArrayList<>(List.of(ChildJvm.java(), "--enable-native-access=ALL-UNNAMED"));
    command.addAll(ChildJvm.ECONOMY);
    command.addAll(List.of("-cp", classPath, "io.inferenceperf.Main", "-c", config.toString(),
        "--storage.local_storage.path", dir.resolve("reports").toString()));
    Path log = dir.resolve("log.txt");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finished: " + Files.readString(log));
      return new Run(process.exitValue(), Files.readString(log));
    } finally {
      process.destroyForcibly();
    }
  }
}
