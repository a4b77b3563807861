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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The batching engine over real HTTP: load raises TTFT, capacity makes a queue, prefixes are cached. */
@TimingSensitive
class BatchingHttpTest {
  private static final String PROMPT = "word ".repeat(100);

  private static SimulatorOptions options() {
    return SimulatorOptions.of(
        "profile", "small", "decode_step_ms", 2, "decode_ms_per_seq", 0.5, "prefill_ms_per_token", 0.05,
        "max_num_seqs", 4, "prefix_caching", false);
  }

  /** Sends {@code n} streaming requests at once and waits for all; returns the truth of that wave. */
  private static TruthSnapshot wave(RunningSimulator sim, int n, Runnable whileRunning) throws Exception {
    sim.truth().reset();
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/completions"))
                  .POST(HttpRequest.BodyPublishers.ofString(SimHttp.completion(PROMPT + i, 20, true, true)))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    for (int poll = 0; poll < 3000 && !all.isDone(); poll++) {
      whileRunning.run();
      Thread.sleep(5);
    }
    all.get(60, TimeUnit.SECONDS);
    futures.forEach(f -> assertTrue(f.join().body().endsWith("data: [DONE]\n\n")));
    TruthSnapshot truth = sim.truth().snapshot();
    assertEquals(n, truth.completed());
    return truth;
  }

  @Test
  void ttftGrowsWithLoadAndRequestsQueuePastMaxNumSeqs() throws Exception {
    try (RunningSimulator sim = Simulator.start(options())) {
      wave(sim, 2, () -> {}); // warm up
      TruthSnapshot alone = wave(sim, 1, () -> {});
      TruthSnapshot full = wave(sim, 4, () -> {});
      int[] maxRunning = {0};
      int[] maxWaiting = {0};
      SimHttp http = new SimHttp(sim.baseUrl());
      TruthSnapshot overloaded =
          wave(
              sim,
              16,
              () -> {
                Map<String, PromExposition.Family> m = PromExposition.parse(http.get("/metrics").body());
                maxRunning[0] = Math.max(maxRunning[0], (int) m.get("vllm:num_requests_running").sum("vllm:num_requests_running"));
                maxWaiting[0] = Math.max(maxWaiting[0], (int) m.get("vllm:num_requests_waiting").sum("vllm:num_requests_waiting"));
              });
      assertTrue(full.ttft().p50Ms() > alone.ttft().p50Ms(), "4 prompts prefilled together: " + full.ttft() + " vs " + alone.ttft());
      assertTrue(overloaded.ttft().p50Ms() > full.ttft().p50Ms(), "queueing adds to TTFT: " + overloaded.ttft());
      assertTrue(full.itl().p50Ms() > alone.itl().p50Ms(), "bigger batches, slower steps");
      // A real queue here waits for a slot of ~80 ms; a machine stall (tens of ms on a busy 2-core VM) is not one.
      assertTrue(alone.queue().maxMs() < 40, "no queue when idle: " + alone.queue());
      assertTrue(overloaded.queue().p90Ms() > 50, "12 of 16 wait for a slot (each slot lasts ~80 ms): " + overloaded.queue());
      assertTrue(maxRunning[0] <= 4 && maxRunning[0] > 0, "running never above max_num_seqs: " + maxRunning[0]);
      assertTrue(maxWaiting[0] > 0, "/metrics showed a queue");
    }
  }

  @Test
  void aRepeatedPromptReportsCachedTokensAndIsFaster() throws Exception {
    try (RunningSimulator sim =
        Simulator.start(options().with(Map.of("prefix_caching", true, "prefill_ms_per_token", 0.2)))) {
      SimHttp http = new SimHttp(sim.baseUrl());
      String prompt = "shared ".repeat(400);
      JsonNode first = http.postJson("/v1/completions", SimHttp.completion(prompt, 2, false, true));
      JsonNode second = http.postJson("/v1/completions", SimHttp.completion(prompt, 2, false, true));
      assertEquals(0, first.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt());
      assertEquals(399, second.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt(),
          "all 25 blocks hit, less the last token that is always computed");
      List<RequestTruth> truths = sim.truth().recentRequests();
      assertTrue(truths.get(1).firstTokenNanos() - truths.get(1).arrivalNanos()
          < (truths.get(0).firstTokenNanos() - truths.get(0).arrivalNanos()) / 2,
          "400 x 0.2 ms of prefill saved");
      assertEquals(399, sim.truth().snapshot().cachedTokens());
    }
  }
}
