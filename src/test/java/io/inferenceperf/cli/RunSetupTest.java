package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.api.ApiClient;
import io.inferenceperf.api.RequestBuilder;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.ConfigLoader;
import io.inferenceperf.config.LoadResult;
import io.inferenceperf.data.Prompt;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.transport.TransportOptions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The run's transport wiring, through the real sender to the simulator: with per_request off no record keeps the
 * request or response text (memory must not grow with the number of requests), with it on both are kept; and the
 * config's load keys become the transport's options.
 */
class RunSetupTest {

  private static Config config(String baseUrl, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--server.base_url", baseUrl, "--server.model_name", "m",
        "--api.streaming", "true", "--load.stages", "[{\"rate\": 1, \"duration\": 1}]"));
    args.addAll(List.of(extra));
    LoadResult loaded = ConfigLoader.load(null, args, Clock.systemUTC());
    assertTrue(loaded.ok(), loaded.formatProblems());
    return loaded.config();
  }

  private static RequestRecord sendOne(Config config, String baseUrl) throws Exception {
    TransportOptions options = RunSetup.transport(config, baseUrl);
    RequestBuilder builder = new RequestBuilder(config.api(), config.server());
    CompletableFuture<RequestRecord> done = new CompletableFuture<>();
    try (ApiClient sender = new ApiClient(options, null, config.report().requestLifecycle().perRequest())) {
      sender.send(builder.build("m", new Prompt("hello there", 2, 4)), 0, 0, System.nanoTime(), done::complete);
      return done.get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void recordsKeepNoBodiesWhenPerRequestIsOff() throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(java.util.Map.of("profile", "fixed",
        "ttft_ms", 1, "itl_ms", 1, "model", "m")).orThrow())) {
      RequestRecord off = sendOne(config(sim.baseUrl()), sim.baseUrl());
      assertTrue(off.success(), String.valueOf(off.failure()));
      assertEquals(4, off.chunkNanos().length, "the response was streamed and measured");
      assertNull(off.requestBody());
      assertNull(off.responseBody());

      RequestRecord on = sendOne(config(sim.baseUrl(), "--report.request_lifecycle.per_request", "true"),
          sim.baseUrl());
      assertTrue(on.success(), String.valueOf(on.failure()));
      assertNotNull(on.requestBody());
      assertTrue(on.responseBody().contains("[DONE]"), on.responseBody());
    }
  }

  @Test
  void loadKeysBecomeTransportOptions() {
    Config config = config("http://127.0.0.1:9", "--load.num_workers", "3", "--load.worker_max_concurrency", "7",
        "--load.worker_max_tcp_connections", "11", "--load.connect_timeout", "1.5", "--load.header_timeout", "2",
        "--load.idle_stream_timeout", "0.25", "--load.request_timeout", "9");
    TransportOptions options = RunSetup.transport(config, "http://127.0.0.1:9");
    assertEquals(3, options.numEventLoops());
    assertEquals(7, options.maxInFlightPerLoop());
    assertEquals(11, options.maxConnectionsPerLoop());
    assertEquals(1_500_000_000L, options.connectTimeoutNanos());
    assertEquals(2_000_000_000L, options.headerTimeoutNanos());
    assertEquals(250_000_000L, options.idleStreamTimeoutNanos());
    assertEquals(9_000_000_000L, options.totalTimeoutNanos());
  }

  @Test
  void timeoutsAreBoundedByDefault() {
    TransportOptions options = RunSetup.transport(config("http://127.0.0.1:9"), "http://127.0.0.1:9");
    assertEquals(10_000_000_000L, options.connectTimeoutNanos());
    assertEquals(300_000_000_000L, options.headerTimeoutNanos());
    assertEquals(60_000_000_000L, options.idleStreamTimeoutNanos());
  }
}
