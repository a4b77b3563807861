package io.inferenceperf.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.metrics.RequestTruth;
import io.inferenceperf.simulator.metrics.TruthSnapshot;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every injected fault kind, seen by an independent client and counted by the ground truth. */
class FaultsTest {
  private static final long MS = 1_000_000;

  private static RunningSimulator start(Object... options) {
    Object[] all = new Object[options.length + 2];
    all[0] = "profile";
    all[1] = "zero";
    System.arraycopy(options, 0, all, 2, options.length);
    return Simulator.start(SimulatorOptions.of(all));
  }

  @Test
  void statusFaultsAnswerOpenAiErrors() throws Exception {
    for (int status : new int[] {429, 500, 503}) {
      try (RunningSimulator sim = start("fault_" + status + "_fraction", 1.0)) {
        HttpResponse<String> response =
            new SimHttp(sim.baseUrl()).post("/v1/completions", SimHttp.completion("a", 5, true, true));
        assertEquals(status, response.statusCode());
        JsonNode error = SimHttp.JSON.readTree(response.body()).get("error");
        assertEquals(status, error.get("code").asInt());
        assertEquals(status != 500, response.headers().firstValue("retry-after").isPresent());
        TruthSnapshot truth = sim.truth().snapshot();
        assertEquals(1, truth.errors());
        assertEquals(1L, truth.faults().get("http_" + status));
        assertEquals(0, truth.completed());
      }
    }
  }

  @Test
  void faultMaxCountBoundsInjection() {
    try (RunningSimulator sim = start("fault_429_fraction", 1.0, "fault_max_count", 3)) {
      SimHttp http = new SimHttp(sim.baseUrl());
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        statuses.add(http.post("/v1/completions", SimHttp.completion("a", 2, false, true)).statusCode());
      }
      assertEquals(List.of(429, 429, 429, 200, 200, 200), statuses);
    }
  }

  @Test
  void faultDecisionsAreSeeded() {
    List<List<Integer>> runs = new ArrayList<>();
    for (long seed : new long[] {5, 5, 6}) {
      try (RunningSimulator sim = start("fault_500_fraction", 0.5, "seed", seed)) {
        SimHttp http = new SimHttp(sim.baseUrl());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
          statuses.add(http.post("/v1/completions", SimHttp.completion("a", 2, false, true)).statusCode());
        }
        runs.add(statuses);
      }
    }
    assertEquals(runs.get(0), runs.get(1), "same seed, same faults");
    assertFalse(runs.get(0).equals(runs.get(2)), "another seed, other faults");
    assertTrue(runs.get(0).contains(500) && runs.get(0).contains(200));
  }

  @Test
  void cutStreamsCloseMidWayWithoutDone() {
    try (RunningSimulator sim = start("fault_cut_fraction", 1.0)) {
      SimHttp.Stream stream = new SimHttp(sim.baseUrl()).stream("/v1/completions", SimHttp.completion("a", 40, true, true));
      assertEquals(200, stream.status());
      assertTrue(stream.events().size() >= 1 && stream.events().size() < 40, stream.rawBody());
      assertTrue(stream.events().stream().noneMatch(e -> e.data().equals("[DONE]")));
      assertTrue(stream.rawBody().contains("<<"), "the client saw the connection break: " + stream.rawBody());
      TruthSnapshot truth = sim.truth().snapshot();
      assertEquals(1, truth.cut());
      assertEquals(1L, truth.faults().get("cut"));
      assertEquals("cut", sim.truth().recentRequests().get(0).outcome());
      assertEquals(stream.events().size(), sim.truth().recentRequests().get(0).tokenWriteNanos().length);
      String metrics = new SimHttp(sim.baseUrl()).get("/metrics").body();
      assertTrue(metrics.contains("vllm:request_success_total{engine=\"0\",model_name=\"simulated-model\",finished_reason=\"abort\"} 1.0"));
    }
  }

  @Test
  void cutNonStreamingResponsesEndBeforeTheirContentLength() {
    try (RunningSimulator sim = start("fault_cut_fraction", 1.0)) {
      UncheckedIOException broken =
          assertThrows(
              UncheckedIOException.class,
              () -> new SimHttp(sim.baseUrl()).post("/v1/completions", SimHttp.completion("a", 40, false, true)));
      assertTrue(broken.getCause() instanceof IOException);
      assertEquals(1, sim.truth().snapshot().cut());
    }
  }

  @Test
  void stallBeforeTheFirstToken() {
    try (RunningSimulator sim =
        start("profile", "fixed", "ttft_ms", 5, "itl_ms", 1, "fault_stall_first_fraction", 1.0, "fault_stall_first_ms", 200)) {
      SimHttp.Stream stream = new SimHttp(sim.baseUrl()).stream("/v1/completions", SimHttp.completion("a", 5, true, true));
      long clientTtft = stream.events().get(0).receivedNanos() - stream.sentNanos();
      assertTrue(clientTtft >= 205 * MS, "ttft " + clientTtft);
      assertEquals(1L, sim.truth().snapshot().faults().get("stall_first"));
      assertTrue(sim.truth().recentRequests().get(0).ttftNanos() >= 205 * MS);
    }
  }

  @Test
  void stallBetweenTokens() {
    try (RunningSimulator sim =
        start("profile", "fixed", "ttft_ms", 1, "itl_ms", 1, "fault_stall_between_fraction", 1.0, "fault_stall_between_ms", 150)) {
      SimHttp http = new SimHttp(sim.baseUrl());
      http.stream("/v1/completions", SimHttp.completion("warm up", 30, true, true));
      sim.truth().reset();
      SimHttp.Stream stream = http.stream("/v1/completions", SimHttp.completion("a", 30, true, true));
      assertEquals(32, stream.events().size(), "the stream completes");
      RequestTruth truth = sim.truth().recentRequests().get(0);
      long lastToken = truth.tokenWriteNanos()[29] - truth.arrivalNanos();
      assertTrue(lastToken >= (1 + 29 + 150) * MS, "the schedule shifted by the stall: " + lastToken);
      long longestGap = 0;
      for (int i = 1; i < 30; i++) {
        longestGap = Math.max(longestGap, stream.events().get(i).receivedNanos() - stream.events().get(i - 1).receivedNanos());
      }
      assertTrue(longestGap >= 100 * MS, "one long gap in the client's view: " + longestGap);
      assertEquals(1L, sim.truth().snapshot().faults().get("stall_between"));
    }
  }

  @Test
  void slowHeaders() throws Exception {
    try (RunningSimulator sim = start("fault_slow_headers_fraction", 1.0, "fault_slow_headers_ms", 300)) {
      HttpClient client = HttpClient.newHttpClient();
      long sent = System.nanoTime();
      HttpResponse<java.io.InputStream> response =
          client.send(
              HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/completions"))
                  .POST(HttpRequest.BodyPublishers.ofString(SimHttp.completion("a", 3, true, true)))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      long headers = System.nanoTime() - sent;
      response.body().readAllBytes();
      assertEquals(200, response.statusCode());
      assertTrue(headers >= 300 * MS, "headers after " + headers);
      assertEquals(1L, sim.truth().snapshot().faults().get("slow_headers"));
    }
  }

  @Test
  void malformedEventsAreInvalidJsonInAnOtherwiseNormalStream() {
    try (RunningSimulator sim = start("fault_malformed_fraction", 1.0)) {
      SimHttp http = new SimHttp(sim.baseUrl());
      SimHttp.Stream stream = http.stream("/v1/chat/completions", SimHttp.chat("a", 10, true, true));
      int invalid = 0;
      for (SimHttp.Event event : stream.events()) {
        if (!event.data().equals("[DONE]")) {
          try {
            SimHttp.JSON.readTree(event.data());
          } catch (IOException e) {
            invalid++;
          }
        }
      }
      assertEquals(1, invalid, stream.rawBody());
      assertEquals("[DONE]", stream.events().get(stream.events().size() - 1).data());
      HttpResponse<String> whole = http.post("/v1/completions", SimHttp.completion("a", 10, false, true));
      assertEquals(200, whole.statusCode());
      assertThrows(IOException.class, () -> SimHttp.JSON.readTree(whole.body()));
      TruthSnapshot truth = sim.truth().snapshot();
      assertEquals(2L, truth.faults().get("malformed"));
      assertEquals(2, truth.completed());
    }
  }

  @Test
  void refusesConnectionsForAPeriodAfterStart() throws Exception {
    try (RunningSimulator sim = start("fault_refuse_for_ms", 700)) {
      long started = System.nanoTime();
      assertThrows(ConnectException.class, () -> connect(sim.port()));
      boolean accepted = false;
      for (int attempt = 0; attempt < 200 && !accepted; attempt++) {
        try {
          connect(sim.port());
          accepted = true;
        } catch (ConnectException refused) {
          Thread.sleep(25);
        }
      }
      long waited = System.nanoTime() - started;
      assertTrue(accepted, "the port reopened");
      assertTrue(waited >= 600 * MS, "refused for about 700 ms, accepted after " + waited / MS + " ms");
      assertEquals(200, new SimHttp(sim.baseUrl()).get("/health").statusCode());
      assertEquals(1L, sim.truth().snapshot().faults().get("refuse_window"));
    }
  }

  private static void connect(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    }
  }
}
