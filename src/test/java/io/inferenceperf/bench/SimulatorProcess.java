package io.inferenceperf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulator as a separate process for the harness: started with {@code inference-perf simulate} when the jar
 * has that subcommand wired, else with the test-scope {@link SimServer}; both print {@code simulator listening on
 * URL} first. Gives the ground truth ({@code GET /debug/truth}), resets it, and reads the process's CPU time.
 */
final class SimulatorProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private SimulatorProcess(Process process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /**
   * Starts the simulator with {@code options} ({@code --key value} pairs, port 0 added) and waits for its URL.
   *
   * @param java the java binary; {@code jvmOptions} go before the class path
   */
  static SimulatorProcess start(Path root, String java, List<String> jvmOptions, List<String> options, int nice,
      Path log) throws IOException {
    List<String> simArgs = new ArrayList<>(options);
    simArgs.addAll(List.of("--port", "0"));
    SimulatorProcess viaCli = tryStart(Nice.prefixed(nice, cliCommand(root, java, jvmOptions, simArgs)), log);
    if (viaCli != null) return viaCli;
    SimulatorProcess viaTestMain = tryStart(Nice.prefixed(nice, testMainCommand(java, jvmOptions, simArgs)), log);
    if (viaTestMain != null) return viaTestMain;
    throw new IOException("the simulator did not start; see " + log);
  }

  private static List<String> cliCommand(Path root, String java, List<String> jvm, List<String> simArgs) {
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    command.addAll(jvm);
    command.addAll(List.of("-jar", root.resolve("target/inference-perf.jar").toString(), "simulate"));
    command.addAll(simArgs);
    return command;
  }

  private static List<String> testMainCommand(String java, List<String> jvm, List<String> simArgs) {
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    command.addAll(jvm);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SimServer.class.getName()));
    command.addAll(simArgs);
    return command;
  }

  private static SimulatorProcess tryStart(List<String> command, Path log) throws IOException {
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // the first line, or null when the process ended (e.g. "not wired yet")
    if (line == null || !line.startsWith("simulator listening on ")) {
      process.destroy();
      return null;
    }
    String url = line.substring("simulator listening on ".length()).split(" ")[0];
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // keep the pipe from filling up
        }
      } catch (IOException ignored) {
        // process gone
      }
    }, "simulator-stdout");
    drain.setDaemon(true);
    drain.start();
    return new SimulatorProcess(process, url);
  }

  String baseUrl() {
    return baseUrl;
  }

  long pid() {
    return process.pid();
  }

  /** The simulator's truth since the last reset. */
  JsonNode truth() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/debug/truth")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) throw new IOException("GET /debug/truth: HTTP " + response.statusCode());
    return JSON.readTree(response.body());
  }

  void resetTruth() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/debug/truth/reset"))
            .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("POST /debug/truth/reset: HTTP " + response.statusCode());
    }
  }

  /** CPU time of the simulator process so far, in nanoseconds (-1 when unknown). */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
  }
}
