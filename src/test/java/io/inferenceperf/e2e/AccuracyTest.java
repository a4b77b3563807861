package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.testkit.TimingSensitive;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's TTFT and ITL against the wire's truth: a streaming server in its own process
 * ({@code transport.StampedStreamServer}) answers every request with 32 events on a fixed schedule (50 ms to the
 * first, 10 ms apart) and records, from the kernel, when each request arrived and each event left. Whatever either
 * process's threads were doing (these machines stall threads 1-25 ms at a time), those are the true instants, and the
 * client, taking its own send and arrival times from the kernel too, must report TTFT and ITL percentiles within 0.3
 * ms of the truth's at p50 and within 1 ms at p99, on a Poisson load of 200 requests per second.
 *
 * <p>One thing the kernel cannot give back: when the client is so starved of CPU that several segments of a response
 * queue up before it reads (or the kernel merges them), the earlier events share the last one's stamp. The client
 * then bounds each request's error ({@code arrival_uncertainty}) and says so in its health warning. Its I/O threads
 * therefore run under SCHED_FIFO where the process may ({@code load.io_priority: auto}; root or CAP_SYS_NICE, as in
 * CI): then the reads keep up on a busy machine and the strict bounds apply. Only with ordinary I/O threads on a
 * machine too busy for them does the test check honesty instead: the report flags the requests, and every
 * percentile still lies within 1 ms plus the largest uncertainty reported.
 */
@TimingSensitive
class AccuracyTest {
  private static final double P50_BOUND_MS = 0.3;
  private static final double P99_BOUND_MS = 1.0;
  /** Requests per second: 200 in the suite; {@code -Daccuracy.rate=400} for the documented 400 req/s runs. */
  private static final int RATE = Integer.getInteger("accuracy.rate", 200);

  static final String RUN = """
      api: {type: completion, streaming: true}
      server: {type: vllm, base_url: %s, model_name: m, ignore_eos: true}
      data:
        type: random
        input_distribution: {min: 32, max: 32, mean: 32, std_dev: 0, type: fixed}
        output_distribution: {min: 32, max: 32, mean: 32, std_dev: 0, type: fixed}
      load:
        type: poisson
        base_seed: 1
        num_workers: 1
        worker_max_concurrency: 0
        stages: [{rate: %d, duration: %d}]
      """;

  /** The server process and its command channel. */
  static final class StampedServer implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    final String baseUrl;

    StampedServer(int ttftMs, int itlMs, int tokens) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
          System.getProperty("java.class.path"), "io.inferenceperf.transport.StampedStreamServer",
          Integer.toString(ttftMs), Integer.toString(itlMs), Integer.toString(tokens))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      String first = out.readLine();
      assertTrue(first != null && first.startsWith("port "), "the stamped server started: " + first);
      baseUrl = "http://127.0.0.1:" + first.substring(5);
    }

    void command(String line) throws Exception {
      in.println(line);
      assertEquals("ok", out.readLine(), line);
    }

    /** TTFT (ms) of every request since the last reset, and every gap between its events (ms). */
    List<double[]> truth(Path file) throws Exception {
      command("dump " + file);
      List<Double> ttft = new ArrayList<>();
      List<Double> itl = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.split(" ");
        long received = Long.parseLong(parts[0]);
        long previous = Long.parseLong(parts[1]);
        ttft.add((previous - received) / 1e6);
        for (int i = 2; i < parts.length; i++) {
          long sent = Long.parseLong(parts[i]);
          itl.add((sent - previous) / 1e6);
          previous = sent;
        }
      }
      return List.of(ttft.stream().mapToDouble(Double::doubleValue).sorted().toArray(),
          itl.stream().mapToDouble(Double::doubleValue).sorted().toArray());
    }

    @Override
    public void close() throws Exception {
      in.println("quit");
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
  }

  @Test
  void reportedTtftAndItlMatchTheWiresTruthWithinOneMillisecondAtP99(@TempDir Path dir) throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase().startsWith("linux"), "kernel timestamps are Linux's");
    try (StampedServer server = new StampedServer(50, 10, 32)) {
      // A first run warms both sides up (JIT, connections); the comparison is on the second run only. 3 s at 150/s:
      // about as many requests as 5 s at 100/s, in less time.
      CliRunner.Result warmup = CliRunner.run(dir.resolve("warmup"), RUN.formatted(server.baseUrl, 150, 3));
      assertEquals(0, warmup.exitCode(), warmup.err());
      server.command("reset");
      CliRunner.Result run = CliRunner.run(dir.resolve("run"), RUN.formatted(server.baseUrl, RATE, 8));
      assertEquals(0, run.exitCode(), run.err());
      List<double[]> truth = server.truth(dir.resolve("truth.txt"));
      JsonNode stage = run.json("stage_0_lifecycle_metrics.json");
      assertEquals("kernel_receive_timestamp", stage.at("/measurement/arrival_timestamps").asText());
      assertEquals(stage.at("/successes/count").asLong(), truth.get(0).length, "the same requests on both sides");
      assertTrue(truth.get(0).length > RATE * 7, "about 8 s of Poisson arrivals at " + RATE + "/s");
      JsonNode latency = stage.at("/successes/latency");
      JsonNode resources = stage.at("/client_resources");
      String summary = String.format(java.util.Locale.ROOT,
          "accuracy at %d req/s: TTFT p50 %+.3f p99 %+.3f ms, ITL p50 %+.3f p99 %+.3f ms (client - wire); stalls over 1 ms"
              + " (machine or JVM): %d, max %.1f ms; client read lateness p99 %.2f ms", RATE,
          ms(latency, "time_to_first_token", "median") - percentile(truth.get(0), 50),
          ms(latency, "time_to_first_token", "p99") - percentile(truth.get(0), 99),
          ms(latency, "inter_token_latency", "median") - percentile(truth.get(1), 50),
          ms(latency, "inter_token_latency", "p99") - percentile(truth.get(1), 99),
          resources.at("/stalls_over_1ms").asInt(), resources.at("/stall_max_seconds").asDouble() * 1e3,
          stage.at("/client_health/read_lateness/p99").asDouble() * 1e3);
      long uncertain = stage.at("/measurement/requests_with_arrivals_uncertain_over_1ms").asLong(-1);
      double uncertaintyMaxMs = stage.at("/client_health/arrival_uncertainty/max").asDouble() * 1e3;
      summary += String.format(java.util.Locale.ROOT, "; requests with arrival uncertainty over 1 ms: %d (max %.2f ms)"
          + "; I/O threads %s", uncertain, uncertaintyMaxMs, stage.at("/measurement/io_threads").asText());
      System.out.println(summary);
      keepForDiagnosis(dir);
      assertTrue(uncertain >= 0, "the report counts requests with uncertain arrivals");
      String ioThreads = stage.at("/measurement/io_threads").asText();
      assertTrue(ioThreads.equals("realtime (SCHED_FIFO)") || ioThreads.equals("normal"), "io_threads: " + ioThreads);
      if (uncertain > 0) {
        // Some reads came late enough for the kernel to merge segments: the client must say so.
        assertTrue(stage.at("/client_health/warning").asText().contains("token times of " + uncertain + " requests"),
            "the warning names the uncertain requests: " + stage.at("/client_health"));
      }
      if (uncertain > 0 && ioThreads.equals("normal")) {
        // Ordinary I/O threads (no CAP_SYS_NICE) on a machine too busy for them to keep up with their reads: the
        // percentiles must stay within what the client says it knows. With real-time I/O threads (as root, as in
        // CI) the reads keep up however busy the machine is, and the strict bounds below apply.
        double bound = P99_BOUND_MS + uncertaintyMaxMs;
        assertWithin(bound, ms(latency, "time_to_first_token", "median"), percentile(truth.get(0), 50), summary);
        assertWithin(bound, ms(latency, "inter_token_latency", "median"), percentile(truth.get(1), 50), summary);
        assertWithin(bound, ms(latency, "time_to_first_token", "p99"), percentile(truth.get(0), 99), summary);
        assertWithin(bound, ms(latency, "inter_token_latency", "p99"), percentile(truth.get(1), 99), summary);
        return;
      }
      assertWithin(P50_BOUND_MS, ms(latency, "time_to_first_token", "median"), percentile(truth.get(0), 50), summary);
      assertWithin(P50_BOUND_MS, ms(latency, "inter_token_latency", "median"), percentile(truth.get(1), 50), summary);
      assertWithin(P99_BOUND_MS, ms(latency, "time_to_first_token", "p99"), percentile(truth.get(0), 99), summary);
      assertWithin(P99_BOUND_MS, ms(latency, "inter_token_latency", "p99"), percentile(truth.get(1), 99), summary);
    }
  }

  /** With {@code -Daccuracy.keep=DIR} the run's folder and the truth file are copied there, to compare per request. */
  private static void keepForDiagnosis(Path dir) throws java.io.IOException {
    String keep = System.getProperty("accuracy.keep");
    if (keep == null) return;
    Path target = Path.of(keep);
    Files.createDirectories(target);
    try (var files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Files.copy(file, target.resolve(dir.relativize(file).toString().replace('/', '_')),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static double ms(JsonNode latency, String metric, String key) {
    return latency.at("/" + metric + "/" + key).asDouble() * 1000;
  }

  /** numpy's default (linear) percentile of sorted values. */
  static double percentile(double[] sorted, double p) {
    double rank = p / 100 * (sorted.length - 1);
    int low = (int) Math.floor(rank);
    int high = Math.min(low + 1, sorted.length - 1);
    return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
  }

  private static void assertWithin(double boundMs, double clientMs, double truthMs, String summary) {
    assertTrue(Math.abs(clientMs - truthMs) <= boundMs, summary);
  }
}
