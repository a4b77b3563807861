package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server dies in the middle of a stage and comes back on the same port: the requests it lost and those sent
 * while it was down are recorded as labelled failures, the later ones succeed again, every planned request is
 * accounted for, and the run completes with its reports; no wait outlasts the stage's grace period.
 */
class ServerRestartTest {

  private static final String RUN = """
      api: {type: completion, streaming: true}
      server: {type: vllm, base_url: http://127.0.0.1:%d, model_name: simulated-model}
      data:
        type: random
        input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
        output_distribution: {min: 40, max: 40, mean: 40, std_dev: 0, type: fixed}
      load:
        type: constant
        base_seed: 3
        stage_grace_period: 3
        stages: [{rate: 20, duration: 8}]
      """;

  private static RunningSimulator simulator(int port) {
    Map<String, Object> options = new HashMap<>(Map.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 10,
        "port", port));
    return Simulator.start(SimulatorOptions.fromMap(options).orThrow());
  }

  /**
   * The server comes back on the same port 1.5 s after it stops. A port the kernel hands out (bind to port 0, or the
   * local end of any connection the suite's other JVMs open) could be taken in that gap; one below the ephemeral
   * range (/proc/sys/net/ipv4/ip_local_port_range) is only ever taken by a bind that names it.
   */
  private static RunningSimulator simulatorBelowEphemeralPorts() throws IOException {
    int ephemeralLow = 32_768;
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (Files.isReadable(range)) ephemeralLow = Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]);
    Random random = new Random();
    IllegalStateException taken = null;
    for (int attempt = 0; attempt < 20 && ephemeralLow > 11_000; attempt++) {
      try {
        return simulator(10_000 + random.nextInt(ephemeralLow - 10_000));
      } catch (IllegalStateException inUse) {
        taken = inUse;
      }
    }
    if (taken != null) throw taken;
    return simulator(0);
  }

  @Test
  void aServerKilledMidStageAndBackIsRecordedAndTheRunCompletes(@TempDir Path dir) throws Exception {
    RunningSimulator first = simulatorBelowEphemeralPorts();
    int port = first.port();
    RunningSimulator second = null;
    try {
      CompletableFuture<CliRunner.Result> run = CompletableFuture.supplyAsync(() -> {
        try {
          return CliRunner.run(dir, RUN.formatted(port));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // Wait (bounded) until the stage is under way, then kill the server and bring it back 1.5 s later.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (first.truth().snapshot().completed() < 20 && System.nanoTime() < deadline) Thread.sleep(20);
      assertTrue(first.truth().snapshot().completed() >= 20, "the stage started");
      first.close();
      Thread.sleep(1_500);
      second = simulator(port);
      CliRunner.Result result = run.get(120, TimeUnit.SECONDS);

      assertEquals(0, result.exitCode(), "some requests succeeded: " + result.err());
      JsonNode summary = result.json("summary_lifecycle_metrics.json");
      assertEquals(160, summary.at("/load_summary/count").asInt(), "every planned request is recorded");
      JsonNode failures = summary.get("failures");
      long failed = failures.get("count").asLong();
      assertTrue(failed >= 1, "requests were lost: " + failures);
      long labelled = 0;
      // Requests sent while it was down are refused; those it held when it stopped are cut, or (the in-process
      // simulator stops answering without closing its connections, like a host that vanished) time out or are
      // cut at the stage's end.
      assertTrue(failures.at("/by_label/Connection Error/count").asLong() >= 1, failures.toString());
      for (String label : new String[] {"Connection Error", "Stream Cut", "Timeout", "Cut At Stage End"}) {
        JsonNode byLabel = failures.at("/by_label/" + label + "/count");
        labelled += byLabel.isMissingNode() ? 0 : byLabel.asLong();
      }
      assertEquals(failed, labelled, "only the labels of a lost server: " + failures);
      assertTrue(second.truth().snapshot().completed() >= 1, "requests succeeded again after the restart");
      assertEquals(160 - failed, summary.at("/successes/count").asLong());
      assertTrue(result.has("stage_0_lifecycle_metrics.json"));
    } finally {
      first.close();
      if (second != null) second.close();
    }
  }
}
