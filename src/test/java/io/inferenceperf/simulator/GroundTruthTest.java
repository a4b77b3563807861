package io.inferenceperf.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.metrics.RequestTruth;
import io.inferenceperf.simulator.metrics.TruthSnapshot;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.testkit.TimingSensitive;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The server's record of what it did, compared with an independent client in the same JVM (same clock). */
@TimingSensitive
class GroundTruthTest {
  private static final long MS = 1_000_000;

  @Test
  void fixedProfileTimesAreExactAndAgreeWithTheClient() throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 30, "itl_ms", 5))) {
      SimHttp http = new SimHttp(sim.baseUrl());
      http.stream("/v1/completions", SimHttp.completion("warm up", 5, true, true));
      sim.truth().reset();
      List<SimHttp.Stream> streams = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        streams.add(http.stream("/v1/completions", SimHttp.completion("prompt " + i, 20, true, true)));
      }
      List<RequestTruth> server = sim.truth().recentRequests();
      assertEquals(15, server.size());
      long[] ttfts = server.stream().mapToLong(RequestTruth::ttftNanos).sorted().toArray();
      assertTrue(ttfts[0] >= 30 * MS, "never earlier than ttft_ms: " + ttfts[0]);
      assertTrue(ttfts[7] < 34 * MS, "median within a few ms of ttft_ms on a busy machine: " + Arrays.toString(ttfts));
      for (int i = 0; i < 15; i++) {
        RequestTruth truth = server.get(i);
        SimHttp.Stream client = streams.get(i);
        assertEquals(20, truth.tokenWriteNanos().length);
        assertTrue(client.sentNanos() <= truth.arrivalNanos(), "the request was sent before it arrived");
        long clientFirst = client.events().get(0).receivedNanos();
        assertTrue(truth.firstTokenNanos() <= clientFirst, "written before it was read");
        long last = truth.tokenWriteNanos()[19];
        assertTrue(last - truth.arrivalNanos() >= (30 + 19 * 5) * MS, "token 19 is due at 30 + 19 x 5 ms, not earlier");
        for (int t = 1; t < 20; t++) {
          assertTrue(truth.tokenWriteNanos()[t] >= truth.tokenWriteNanos()[t - 1]);
        }
      }
      TruthSnapshot snapshot = sim.truth().snapshot();
      assertEquals(15, snapshot.requests());
      assertEquals(15, snapshot.completed());
      assertEquals(15, snapshot.ttft().count());
      assertEquals(15 * 19, snapshot.itl().count());
      assertTrue(snapshot.ttft().p50Ms() >= 30 && snapshot.ttft().p50Ms() < 34, snapshot.ttft().toString());
      assertTrue(snapshot.itl().p50Ms() > 4.5 && snapshot.itl().p50Ms() < 5.6, snapshot.itl().toString());
      assertEquals(15 * 20, snapshot.generationTokens());
      // the client's view: median first-event delay after the server's write stays small on loopback
      long[] lag = new long[15];
      for (int i = 0; i < 15; i++) {
        lag[i] = streams.get(i).events().get(0).receivedNanos() - server.get(i).firstTokenNanos();
      }
      Arrays.sort(lag);
      assertTrue(lag[7] < 5 * MS, "client read lag " + Arrays.toString(lag));
    }
  }

  @Test
  void debugRoutesServeResetAndLimit() throws Exception {
    try (RunningSimulator sim =
        Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 2, "itl_ms", 1, "truth_recent_requests", 5))) {
      SimHttp http = new SimHttp(sim.baseUrl());
      for (int i = 0; i < 8; i++) {
        http.stream("/v1/chat/completions", SimHttp.chat("q" + i, 4, true, true));
      }
      http.post("/v1/completions", "{broken");
      JsonNode truth = SimHttp.JSON.readTree(http.get("/debug/truth").body());
      assertEquals(9, truth.get("requests").asInt());
      assertEquals(8, truth.get("completed").asInt());
      assertEquals(1, truth.get("errors").asInt());
      assertEquals(32, truth.get("generation_tokens").asInt());
      JsonNode ttft = truth.get("ttft");
      for (String key : List.of("count", "mean_ms", "min_ms", "p50_ms", "p90_ms", "p99_ms", "max_ms")) {
        assertTrue(ttft.has(key), key);
      }
      assertTrue(ttft.get("p50_ms").asDouble() >= 2.0);
      for (String metric : List.of("ttft_content", "itl", "tpot", "queue", "e2e")) {
        assertTrue(truth.has(metric), metric);
      }
      JsonNode recent = SimHttp.JSON.readTree(http.get("/debug/truth/requests").body());
      assertEquals(5, recent.size(), "truth_recent_requests bounds the per-request records");
      assertEquals("error", recent.get(4).get("outcome").asText(), "newest last");
      assertEquals(4, recent.get(3).get("token_write_nanos").size());
      assertEquals(2, SimHttp.JSON.readTree(http.get("/debug/truth/requests?limit=2").body()).size());
      assertEquals(200, http.post("/debug/truth/reset", "").statusCode());
      JsonNode after = SimHttp.JSON.readTree(http.get("/debug/truth").body());
      assertEquals(0, after.get("requests").asInt());
      assertEquals(0, after.get("ttft").get("count").asInt());
      assertEquals(0, SimHttp.JSON.readTree(http.get("/debug/truth/requests").body()).size());
    }
  }

  @Test
  void tokensWrittenTogetherAreZeroApart() {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "zero", "tokens_per_event", 2))) {
      new SimHttp(sim.baseUrl()).stream("/v1/completions", SimHttp.completion("q", 5, true, true));
      TruthSnapshot snapshot = sim.truth().snapshot();
      assertEquals(4, snapshot.itl().count(), "five tokens, four gaps, even within the first write");
      assertEquals(0.0, snapshot.itl().maxMs());
      assertEquals(1, snapshot.ttft().count());
    }
  }

  @Test
  void ttftContentExcludesReasoningTokens() {
    try (RunningSimulator sim =
        Simulator.start(SimulatorOptions.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 10, "reasoning_tokens", 3))) {
      new SimHttp(sim.baseUrl()).stream("/v1/chat/completions", SimHttp.chat("q", 6, true, true));
      RequestTruth truth = sim.truth().recentRequests().get(0);
      long content = truth.firstContentNanos() - truth.arrivalNanos();
      assertTrue(content >= (5 + 3 * 10) * MS, "three 10 ms reasoning tokens precede the content: " + content);
      assertTrue(truth.ttftNanos() >= 5 * MS && truth.ttftNanos() < content);
      TruthSnapshot snapshot = sim.truth().snapshot();
      assertTrue(snapshot.ttftContent().p50Ms() >= 35, snapshot.ttftContent().toString());
      assertTrue(snapshot.ttft().p50Ms() < snapshot.ttftContent().p50Ms());
    }
  }

  @Test
  void concurrentClientsOnSeveralThreadsAreAllRecorded() throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "zero", "threads", 2))) {
      HttpClient client = HttpClient.newHttpClient();
      List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        futures.add(
            client.sendAsync(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/completions"))
                    .header("X-Request-Id", "r" + i)
                    .POST(HttpRequest.BodyPublishers.ofString(SimHttp.completion("p", 10, true, true)))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      for (var future : futures) {
        assertEquals(200, future.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode());
      }
      TruthSnapshot snapshot = sim.truth().snapshot();
      assertEquals(40, snapshot.completed());
      assertEquals(400, snapshot.generationTokens());
      Map<String, RequestTruth> byId =
          sim.truth().recentRequests().stream().collect(Collectors.toMap(RequestTruth::requestId, Function.identity()));
      assertEquals(40, byId.size(), "every request id is recorded once");
    }
  }
}
