package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * api.type auto over real HTTP: against our simulator (both routes: completion), and against a small JDK HTTP server
 * on 127.0.0.1 that serves only the routes a test names (the simulator always serves both), the way FastAPI-based
 * servers answer: 405 on GET for a POST route they have, 404 otherwise.
 */
class ApiTypeProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void bothRoutesOnTheSimulatorChooseCompletion() throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "zero"))) {
      ApiTypeProbe.Choice choice = ApiTypeProbe.choose(sim.baseUrl(), null, TIMEOUT, null);
      assertEquals(ApiType.COMPLETION, choice.type());
      assertTrue(choice.reason().contains("completion is chosen when both exist"), choice.reason());
    }
  }

  @Test
  void onlyChatChoosesChatAndNoRouteIsAConfigError() throws Exception {
    HttpServer chatOnly = serving(Set.of("/v1/chat/completions"));
    HttpServer none = serving(Set.of());
    try {
      ApiTypeProbe.Choice choice = ApiTypeProbe.choose(url(chatOnly), "key", TIMEOUT, null);
      assertEquals(ApiType.CHAT, choice.type());
      assertTrue(choice.reason().contains("only /v1/chat/completions"), choice.reason());
      UserError e = assertThrows(UserError.class, () -> ApiTypeProbe.choose(url(none), null, TIMEOUT, null));
      assertEquals(ExitCode.CONFIG_ERROR, e.code);
      assertTrue(e.getMessage().contains("set api.type to completion or chat"), e.getMessage());
    } finally {
      chatOnly.stop(0);
      none.stop(0);
    }
  }

  @Test
  void anUnreachableServerFailsTheRunWithAMessage() throws Exception {
    HttpServer gone = serving(Set.of());
    String url = url(gone);
    gone.stop(0);
    UserError e = assertThrows(UserError.class, () -> ApiTypeProbe.choose(url, null, TIMEOUT, null));
    assertEquals(ExitCode.RUN_FAILED, e.code);
    assertTrue(e.getMessage().contains("cannot reach " + url + "/v1/completions"), e.getMessage());
  }

  @Test
  void aRunWithApiTypeAutoSucceedsAgainstTheSimulator(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("c.yml");
    Files.writeString(config, """
        api: {type: auto, streaming: true}
        server: {type: simulator}
        simulator: {profile: fixed, ttft_ms: 2, itl_ms: 1}
        load: {type: constant, stages: [{rate: 10, duration: 0.5}]}
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(new String[] {"-c", config.toString(), "--storage.local_storage.path",
        dir.resolve("r").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(Files.readString(dir.resolve("r/summary_lifecycle_metrics.json")).contains("\"successes\""));
  }

  private static HttpServer serving(Set<String> routes) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/", exchange -> {
      int status = routes.contains(exchange.getRequestURI().getPath()) ? 405 : 404;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
