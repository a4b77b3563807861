package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.metrics.TruthSnapshot;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.RefusingPort;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Failures through whole runs (issue 2 points 3, 4 and 7): each fault the simulator injects ends up in the report's
 * failures block under inference-perf's label, with exactly as many requests as the server says it faulted; a run
 * where nothing succeeds exits 1 and still writes its reports.
 */
class FailuresEndToEndTest {

  private static final String RUN = """
      api: {type: completion, streaming: true}
      server: {type: vllm, base_url: %s, model_name: simulated-model}
      data:
        type: random
        input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
        output_distribution: {min: 8, max: 8, mean: 8, std_dev: 0, type: fixed}
      load:
        type: constant
        base_seed: 9
        stage_grace_period: 5
        header_timeout: 1.5
        idle_stream_timeout: 1.5
        stages: [{rate: 40, duration: 1}]
      report: {request_lifecycle: {per_request: true}}
      """;

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "fault_429_fraction    | 0.25 | 429 - Rate Limit            | http_429",
      "fault_500_fraction    | 0.25 | 500 - Internal Server Error | http_500",
      "fault_503_fraction    | 0.25 | 503 - Service Unavailable   | http_503",
      "fault_cut_fraction    | 0.25 | Stream Cut                  | cut",
      "fault_stall_between_fraction | 0.25 | Timeout               | stall_between",
      "fault_slow_headers_fraction  | 0.25 | Timeout               | slow_headers",
      "fault_stall_first_fraction   | 0.25 | Timeout               | stall_first",
      "fault_malformed_fraction     | 0.25 | Protocol Error        | malformed"})
  void eachInjectedFaultIsCountedUnderItsLabel(String fault, double fraction, String label, String truthKey,
      @TempDir Path dir) throws Exception {
    Map<String, Object> options = new HashMap<>(Map.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 2, "seed", 21,
        fault, fraction));
    // Stalls last far longer than the client's 1.5 s header and idle-stream timeouts, which a normal response of
    // this server never takes even on a busy machine.
    options.put("fault_stall_between_ms", 4_000);
    options.put("fault_slow_headers_ms", 4_000);
    options.put("fault_stall_first_ms", 4_000);
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(options).orThrow())) {
      CliRunner.Result run = CliRunner.run(dir, RUN.formatted(sim.baseUrl()));
      assertEquals(0, run.exitCode(), "some requests succeeded: " + run.err());
      TruthSnapshot truth = sim.truth().snapshot();
      long injected = truth.faults().getOrDefault(truthKey, 0L);
      assertTrue(injected >= 1 && injected < 40, "faults injected: " + truth.faults());

      JsonNode summary = run.json("summary_lifecycle_metrics.json");
      JsonNode failures = summary.get("failures");
      assertEquals(40, summary.at("/load_summary/count").asInt());
      assertEquals(injected, failures.get("count").asLong(), failures.toString());
      assertEquals(1, failures.get("by_label").size(), "one kind of failure: " + failures);
      JsonNode byLabel = failures.at("/by_label/" + label.replace("/", "~1"));
      assertEquals(injected, byLabel.get("count").asLong(), failures.toString());
      assertFalse(byLabel.at("/messages/0/message").asText().isBlank(), byLabel.toString());
      assertEquals(40 - injected, summary.at("/successes/count").asLong());
      // A stream with a malformed event still runs to [DONE]: the server counts it completed, the client a failure.
      long completedWell = truth.completed() - (truthKey.equals("malformed") ? injected : 0);
      assertEquals(completedWell, summary.at("/successes/count").asLong(), "successes are what the server completed");

      int labelled = 0;
      for (JsonNode entry : run.json("per_request_lifecycle_metrics.json")) {
        if (!entry.get("error").isNull()) {
          assertEquals(label, entry.at("/error/label").asText(), entry.toString());
          labelled++;
        }
      }
      assertEquals(injected, labelled);
      assertTrue(run.out().contains(label), "the Errors table names it:\n" + run.out());
    }
  }

  @Test
  void requestTimeoutBoundsAWholeResponse(@TempDir Path dir) throws Exception {
    // 30 tokens 40 ms apart take 1.2 s: never idle for 1.5 s, but well over a 0.5 s request_timeout.
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 5,
        "itl_ms", 40)).orThrow())) {
      String yaml = RUN.formatted(sim.baseUrl()).replace("rate: 40", "rate: 5")
          .replace("max: 8, mean: 8", "max: 30, mean: 30").replace("min: 8", "min: 30")
          .replace("idle_stream_timeout: 1.5", "idle_stream_timeout: 1.5\n  request_timeout: 0.5");
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(1, run.exitCode(), "no request could finish in time: " + run.err());
      JsonNode summary = run.json("summary_lifecycle_metrics.json");
      assertEquals(5, summary.at("/failures/by_label/Timeout/count").asInt(), summary.get("failures").toString());
      assertEquals(0.5, summary.at("/failures/request_latency/median").asDouble(), 0.2, "cut at the timeout");
    }
  }

  @Test
  void aServerThatNeverAcceptsIsSaidBeforeTheLoadWithinTheConnectTimeout(@TempDir Path dir) throws Exception {
    // A listening socket that never accepts, its backlog filled: the kernel drops further SYNs, so connecting hangs.
    try (var server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      List<java.net.Socket> fillers = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          java.net.Socket socket = new java.net.Socket();
          try {
            socket.connect(server.getLocalSocketAddress(), 200);
            fillers.add(socket);
          } catch (java.io.IOException backlogFull) {
            socket.close();
            break;
          }
        }
        String yaml = RUN.formatted("http://127.0.0.1:" + server.getLocalPort()).replace("rate: 40", "rate: 5")
            .replace("header_timeout: 1.5", "header_timeout: 1.5\n  connect_timeout: 0.3");
        long t0 = System.nanoTime();
        CliRunner.Result run = CliRunner.run(dir, yaml);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("no answer from 127.0.0.1:" + server.getLocalPort()), run.err());
        assertTrue(run.err().contains("load.connect_timeout 0.3 s"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertTrue(seconds < 15, "bounded by the connect timeout, not the OS's: " + seconds + " s");
      } finally {
        for (java.net.Socket socket : fillers) socket.close();
      }
    }
  }

  @Test
  void everyRequestFailingIsAFailedRunWithReports(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 1,
        "itl_ms", 1, "fault_500_fraction", 1.0)).orThrow())) {
      CliRunner.Result run = CliRunner.run(dir, RUN.formatted(sim.baseUrl()).replace("rate: 40", "rate: 10"));
      assertEquals(1, run.exitCode(), run.err());
      assertTrue(run.err().contains("No request succeeded"), run.err());
      assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
      JsonNode summary = run.json("summary_lifecycle_metrics.json");
      assertEquals(0, summary.at("/successes/count").asInt());
      assertEquals(10, summary.at("/failures/by_label/500 - Internal Server Error/count").asInt(), summary.toString());
      assertTrue(run.has("stage_0_lifecycle_metrics.json"));
    }
  }

  @Test
  void aServerDownAtStartIsSaidBeforeTheLoadAndExits1(@TempDir Path dir) throws Exception {
    try (RefusingPort refusing = new RefusingPort()) { // held open: no other server can take the port
      int port = refusing.port();
      CliRunner.Result run = CliRunner.run(dir, RUN.formatted(refusing.url()).replace("rate: 40", "rate: 10"));
      assertEquals(1, run.exitCode(), run.err());
      assertTrue(run.err().contains("cannot connect to 127.0.0.1:" + port), run.err());
      assertTrue(run.err().contains("Is the server up? Check server.base_url. Nothing was sent."), run.err());
      assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
      assertFalse(run.out().contains("stage 0"), "no load was started: " + run.out());
    }
  }

  @Test
  void aHostNameThatDoesNotResolveIsSaidBeforeTheLoad(@TempDir Path dir) throws Exception {
    // .invalid never resolves (RFC 6761): no packet leaves the machine for it.
    CliRunner.Result run = CliRunner.run(dir, RUN.formatted("http://no-such-host.invalid:8000"));
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains("the host name 'no-such-host.invalid' of server.base_url"), run.err());
    assertTrue(run.err().contains("does not resolve (DNS)"), run.err());
  }
}
