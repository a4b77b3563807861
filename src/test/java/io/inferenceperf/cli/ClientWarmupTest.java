package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.api.RequestBuilder;
import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ServerConfig;
import io.inferenceperf.data.Prompt;
import io.inferenceperf.engine.RequestFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The warm-up must stream real responses, not errors: its private simulator serves the run's model names (LoRA
 * adapters included), and for an https run it speaks TLS with the shipped loopback certificate.
 */
class ClientWarmupTest {
  private static RequestFactory factory(String... models) {
    RequestBuilder builder = new RequestBuilder(new ApiConfig(ApiConfig.ApiType.COMPLETION, true, Map.of()),
        new ServerConfig(ServerConfig.ServerType.VLLM, models[0], "http://unused", true, null));
    return (stage, index) -> builder.build(models[(int) (index % models.length)], new Prompt("warm up", 2, 4));
  }

  /**
   * No warm-up request failed, and some finished: how many finish within the budget depends on how busy the machine
   * is (at a load average of 30 on two cores, 18 TLS requests in 20 s), not on the code under test.
   */
  private static void everyFinishedRequestSucceeded(ClientWarmup.Outcome outcome) {
    assertTrue(outcome.finished() > 0, outcome.toString());
    assertEquals(outcome.finished(), outcome.succeeded(), outcome.toString());
  }

  @Test
  void everyWarmUpRequestSucceedsWithTheRunsModelNames() {
    int requests = 200;
    ClientWarmup.Outcome outcome = ClientWarmup.run(factory("meta-llama/Llama-3.1-8B-Instruct", "my-lora"), null,
        requests, 20_000_000_000L, false);
    everyFinishedRequestSucceeded(outcome);
    assertNull(outcome.warning(20_000_000_000L));
  }

  @Test
  void aBudgetTooShortForAnyRequestSaysNoneFinishedNotThatTheyFailed() {
    ClientWarmup.Outcome outcome = ClientWarmup.run(factory("m"), null, 10, 1, false);
    assertEquals(0, outcome.finished());
    assertEquals("client warm-up: no warm-up request finished within 0.0 s (a busy machine?); the first requests"
        + " of the run may be slower", outcome.warning(1));
    assertEquals("client warm-up: no warm-up request finished within 2.0 s (a busy machine?); the first requests"
        + " of the run may be slower", new ClientWarmup.Outcome(0, 0, null).warning(2_000_000_000L));
    assertEquals("client warm-up: none of the 3 warm-up requests succeeded (the first: refused); the first requests"
        + " of the run may be slower", new ClientWarmup.Outcome(0, 3, "refused").warning(2_000_000_000L));
  }

  @Test
  void anHttpsRunWarmsUpOverTls() {
    int requests = 200;
    ClientWarmup.Outcome outcome = ClientWarmup.run(factory("meta-llama/Llama-3.1-8B-Instruct"), null, requests,
        20_000_000_000L, true);
    everyFinishedRequestSucceeded(outcome);
  }
}
