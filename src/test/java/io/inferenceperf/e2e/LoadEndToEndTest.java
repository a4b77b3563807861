package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.metrics.RequestTruth;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.TimingSensitive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load generation of issue 2 point 5 (and the client-health flag of point 10) over real HTTP, checked against what
 * the simulator saw: open-loop sends at their intended times whatever earlier requests do, evenly spaced constant
 * arrivals and exponential Poisson gaps, exactly concurrency_level in flight for concurrent stages, the interval
 * between stages, and a client that cannot keep up being flagged.
 */
@TimingSensitive
class LoadEndToEndTest {

  private static final String DATA = """
      data:
        type: random
        input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
        output_distribution: {min: %d, max: %d, mean: %d, std_dev: 0, type: fixed}
      """;

  private static String data(int outputTokens) {
    return DATA.formatted(outputTokens, outputTokens, outputTokens);
  }

  private static RunningSimulator simulator(Object... keysAndValues) {
    Map<String, Object> options = new java.util.HashMap<>(Map.of("profile", "fixed"));
    for (int i = 0; i < keysAndValues.length; i += 2) options.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return Simulator.start(SimulatorOptions.fromMap(options).orThrow());
  }

  @Test
  void concurrentStageKeepsExactlyConcurrencyLevelInFlightEvenWithAWorkerCap(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = simulator("ttft_ms", 30, "itl_ms", 5)) {
      // worker_max_concurrency 1 over 2 loops would allow only 2: concurrent stages lift it, as inference-perf does.
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          load:
            type: concurrent
            num_workers: 2
            worker_max_concurrency: 1
            stages: [{num_requests: 40, concurrency_level: 4}]
          """.formatted(sim.baseUrl()) + data(8);
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      List<RequestTruth> server = sim.truth().recentRequests();
      assertEquals(40, server.size());
      assertEquals(4, maxOverlap(server), "never more than concurrency_level at the server");
      double mean = meanConcurrencyWhileSending(server);
      assertTrue(mean > 3.5, "about 4 in flight all the time, got a mean of " + mean);
      JsonNode stage = run.json("stage_0_lifecycle_metrics.json");
      assertEquals(40, stage.at("/successes/count").asInt());
      assertEquals(4, stage.at("/load_summary/concurrency").asInt(), stage.get("load_summary").toString());
    }
  }

  @Test
  void openLoopSendsOnScheduleWhateverEarlierRequestsDo(@TempDir Path dir) throws Exception {
    // Each request takes 300+ ms; at 20 req/s a closed loop would fall behind at once.
    try (RunningSimulator sim = simulator("ttft_ms", 300, "itl_ms", 10)) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          load: {type: constant, base_seed: 2, stages: [{rate: 20, duration: 1}]}
          report: {request_lifecycle: {per_request: true}}
          """.formatted(sim.baseUrl()) + data(4);
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      List<RequestTruth> server = new ArrayList<>(sim.truth().recentRequests());
      assertEquals(20, server.size());
      assertTrue(maxOverlap(server) >= 5, "requests overlapped at the server: " + maxOverlap(server));
      server.sort(Comparator.comparingLong(RequestTruth::arrivalNanos));
      double spanSeconds = (server.get(19).arrivalNanos() - server.get(0).arrivalNanos()) / 1e9;
      assertEquals(0.95, spanSeconds, 0.1, "19 gaps of 50 ms at the server");

      List<JsonNode> entries = entries(run);
      entries.sort(Comparator.comparingDouble(e -> e.get("scheduled_time").asDouble()));
      for (int i = 1; i < entries.size(); i++) {
        double gap = entries.get(i).get("scheduled_time").asDouble() - entries.get(i - 1).get("scheduled_time").asDouble();
        assertEquals(0.05, gap, 1e-6, "constant arrivals are evenly spaced at 1/rate");
      }
      JsonNode stage = run.json("stage_0_lifecycle_metrics.json");
      assertEquals(20.0, stage.at("/load_summary/requested_rate").asDouble());
      assertEquals(20.0, stage.at("/load_summary/achieved_rate").asDouble(), 2.0, stage.get("load_summary").toString());
    }
  }

  @Test
  void poissonGapsAreExponentialWithMeanOneOverRate(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = simulator("ttft_ms", 1, "itl_ms", 1)) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          load: {type: poisson, base_seed: 123, stages: [{rate: 300, duration: 1}]}
          report: {request_lifecycle: {per_request: true}}
          """.formatted(sim.baseUrl()) + data(2);
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      List<JsonNode> entries = entries(run);
      entries.sort(Comparator.comparingDouble(e -> e.get("scheduled_time").asDouble()));
      int n = entries.size();
      assertTrue(n > 220 && n < 380, "about 300 arrivals: " + n);
      double sum = 0;
      double sumSquares = 0;
      for (int i = 1; i < n; i++) {
        double gap = entries.get(i).get("scheduled_time").asDouble() - entries.get(i - 1).get("scheduled_time").asDouble();
        sum += gap;
        sumSquares += gap * gap;
      }
      double mean = sum / (n - 1);
      double sd = Math.sqrt(sumSquares / (n - 1) - mean * mean);
      // The seed fixes the gaps, so these bounds cannot flake; an exponential has its standard deviation = mean.
      assertEquals(1.0 / 300, mean, 0.2 / 300, "mean gap");
      assertEquals(1.0, sd / mean, 0.2, "coefficient of variation of exponential gaps");
    }
  }

  @Test
  void stagesRunInOrderWithTheIntervalBetweenThem(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = simulator("ttft_ms", 2, "itl_ms", 1)) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          load: {type: constant, interval: 0.6, stages: [{rate: 20, duration: 0.5}, {rate: 40, duration: 0.5}]}
          report: {request_lifecycle: {per_request: true}}
          """.formatted(sim.baseUrl()) + data(2);
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      double lastEndOfStage0 = Double.NEGATIVE_INFINITY;
      double firstScheduledOfStage1 = Double.POSITIVE_INFINITY;
      int[] counts = new int[2];
      for (JsonNode entry : entries(run)) {
        int stage = entry.get("stage_id").asInt();
        counts[stage]++;
        if (stage == 0) lastEndOfStage0 = Math.max(lastEndOfStage0, entry.get("end_time").asDouble());
        else firstScheduledOfStage1 = Math.min(firstScheduledOfStage1, entry.get("scheduled_time").asDouble());
      }
      assertEquals(10, counts[0]);
      assertEquals(20, counts[1]);
      assertTrue(firstScheduledOfStage1 - lastEndOfStage0 >= 0.59,
          "stage 1 starts 0.6 s after stage 0 ended: " + (firstScheduledOfStage1 - lastEndOfStage0));
    }
  }

  @Test
  void clientThatCannotKeepUpIsFlagged(@TempDir Path dir) throws Exception {
    // One event loop allowed one request in flight, each taking 100+ ms, asked for 20 req/s: requests queue.
    try (RunningSimulator sim = simulator("ttft_ms", 100, "itl_ms", 1)) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          load: {type: constant, num_workers: 1, worker_max_concurrency: 1, stages: [{rate: 20, duration: 1}]}
          """.formatted(sim.baseUrl()) + data(2);
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      assertEquals(1, maxOverlap(sim.truth().recentRequests()), "the cap held at the server");
      JsonNode stage = run.json("stage_0_lifecycle_metrics.json");
      JsonNode health = stage.get("client_health");
      assertFalse(health.get("kept_up").asBoolean(), health.toString());
      assertTrue(health.get("schedule_delay_p99").asDouble() > 0.3, health.toString());
      assertTrue(health.get("warning").asText().contains("schedule delay p99"), health.toString());
      assertTrue(stage.at("/load_summary/schedule_delay/p99").asDouble() > 0.3, stage.get("load_summary").toString());
      assertTrue(run.out().contains("Stage 0: WARNING load generator fell behind"), run.out());
    }
  }

  private static List<JsonNode> entries(CliRunner.Result run) throws Exception {
    List<JsonNode> entries = new ArrayList<>();
    run.json("per_request_lifecycle_metrics.json").forEach(entries::add);
    return entries;
  }

  /** The most requests the server had open at once: [arrival, end] intervals swept in time order. */
  static int maxOverlap(List<RequestTruth> requests) {
    List<long[]> events = events(requests);
    int open = 0;
    int max = 0;
    for (long[] event : events) {
      open += (int) event[1];
      max = Math.max(max, open);
    }
    return max;
  }

  /** Time-weighted mean of requests open at the server, from the first arrival to the last arrival. */
  static double meanConcurrencyWhileSending(List<RequestTruth> requests) {
    long first = requests.stream().mapToLong(RequestTruth::arrivalNanos).min().orElseThrow();
    long last = requests.stream().mapToLong(RequestTruth::arrivalNanos).max().orElseThrow();
    double area = 0;
    int open = 0;
    long previous = first;
    for (long[] event : events(requests)) {
      long t = Math.min(Math.max(event[0], first), last);
      area += open * (double) (t - previous);
      previous = t;
      open += (int) event[1];
    }
    return area / (last - first);
  }

  /** (time, +1) at each arrival and (time, -1) at each end; ends sort before arrivals at the same instant. */
  private static List<long[]> events(List<RequestTruth> requests) {
    List<long[]> events = new ArrayList<>();
    for (RequestTruth r : requests) {
      events.add(new long[] {r.arrivalNanos(), 1});
      events.add(new long[] {r.endNanos(), -1});
    }
    events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
    return events;
  }
}
