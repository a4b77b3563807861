package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.api.RequestBuilder;
import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ServerConfig;
import io.inferenceperf.data.Prompt;
import io.inferenceperf.engine.RequestFactory;
import io.inferenceperf.testkit.TimingSensitive;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The warm-up must stream real responses, not errors: its private simulator serves the run's model names (LoRA
 * adapters included), and for an https run it speaks TLS with the shipped loopback certificate.
 */
@TimingSensitive
class ClientWarmupTest {
  private static RequestFactory factory(String... models) {
    RequestBuilder builder = new RequestBuilder(new ApiConfig(ApiConfig.ApiType.COMPLETION, true, Map.of()),
        new ServerConfig(ServerConfig.ServerType.VLLM, models[0], "http://unused", true, null));
    return (stage, index) -> builder.build(models[(int) (index % models.length)], new Prompt("warm up", 2, 4));
  }

  @Test
  void everyWarmUpRequestSucceedsWithTheRunsModelNames() {
    int requests = 200;
    assertEquals(requests, ClientWarmup.run(factory("meta-llama/Llama-3.1-8B-Instruct", "my-lora"), null, requests,
        20_000_000_000L, false));
  }

  @Test
  void anHttpsRunWarmsUpOverTls() {
    int requests = 200;
    assertEquals(requests, ClientWarmup.run(factory("meta-llama/Llama-3.1-8B-Instruct"), null, requests,
        20_000_000_000L, true));
  }

  /** A run's warm-up happens once per JVM and kind of requests: compiled code lasts as long as the JVM. */
  @Test
  void aSecondRunOfTheSameKindInTheSameJvmSkipsTheWarmUp() {
    RequestFactory requests = factory("meta-llama/Llama-3.1-8B-Instruct");
    int first = ClientWarmup.runOncePerJvm(requests, null, 50, 20_000_000_000L, false);
    assertTrue(first == 50 || first == -1, "warmed now or by an earlier run in this JVM: " + first);
    assertEquals(-1, ClientWarmup.runOncePerJvm(requests, null, 50, 20_000_000_000L, false));
  }
}
