package io.inferenceperf.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.http.Vocabulary;
import io.inferenceperf.testkit.SimulatorExtension;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /v1/completions, streaming and not, in vLLM's exact shape. */
class CompletionsRouteTest {
  @RegisterExtension
  static SimulatorExtension sim = SimulatorExtension.withOptions("profile", "zero", "lora_adapters", "sql-lora");

  private SimHttp http() {
    return new SimHttp(sim.baseUrl());
  }

  @Test
  void streamsOneEventPerTokenThenFinishReasonUsageAndDone() {
    SimHttp.Stream stream = http().stream("/v1/completions", SimHttp.completion("one two three four", 7, true, true));
    assertEquals(200, stream.status());
    assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
    List<SimHttp.Event> events = stream.events();
    assertEquals(7 + 2, events.size(), stream.rawBody());
    StringBuilder text = new StringBuilder();
    String id = events.get(0).json().get("id").asText();
    assertTrue(id.startsWith("cmpl-"), id);
    for (int i = 0; i < 7; i++) {
      JsonNode chunk = events.get(i).json();
      assertEquals(id, chunk.get("id").asText());
      assertEquals("text_completion", chunk.get("object").asText());
      assertEquals("simulated-model", chunk.get("model").asText());
      assertTrue(chunk.get("created").asLong() > 1_600_000_000L);
      JsonNode choice = chunk.get("choices").get(0);
      assertEquals(0, choice.get("index").asInt());
      assertEquals(Vocabulary.word(i), choice.get("text").asText());
      assertTrue(choice.get("logprobs").isNull());
      assertEquals(i == 6 ? "length" : null, choice.get("finish_reason").isNull() ? null : choice.get("finish_reason").asText());
      text.append(choice.get("text").asText());
      assertFalse(chunk.has("usage"));
    }
    assertEquals(Vocabulary.text(0, 7), text.toString());
    JsonNode usageChunk = events.get(7).json();
    assertEquals(0, usageChunk.get("choices").size());
    JsonNode usage = usageChunk.get("usage");
    assertEquals(4, usage.get("prompt_tokens").asInt());
    assertEquals(7, usage.get("completion_tokens").asInt());
    assertEquals(11, usage.get("total_tokens").asInt());
    assertEquals(0, usage.get("prompt_tokens_details").get("cached_tokens").asInt());
    assertEquals("[DONE]", events.get(8).data());
  }

  @Test
  void withoutIncludeUsageThereIsNoUsageChunk() {
    String body = "{\"prompt\":\"a b\",\"max_tokens\":3,\"stream\":true,\"ignore_eos\":true}";
    List<SimHttp.Event> events = http().stream("/v1/completions", body).events();
    assertEquals(3 + 1, events.size());
    assertTrue(events.stream().noneMatch(e -> e.data().contains("usage")));
  }

  @Test
  void nonStreamingAnswersOneJsonBody() {
    JsonNode body = http().postJson("/v1/completions", SimHttp.completion("a b c", 5, false, true));
    assertEquals("text_completion", body.get("object").asText());
    JsonNode choice = body.get("choices").get(0);
    assertEquals(Vocabulary.text(0, 5), choice.get("text").asText());
    assertEquals("length", choice.get("finish_reason").asText());
    assertEquals(3, body.get("usage").get("prompt_tokens").asInt());
    assertEquals(5, body.get("usage").get("completion_tokens").asInt());
    assertEquals(8, body.get("usage").get("total_tokens").asInt());
  }

  @Test
  void withoutIgnoreEosTheLengthIsDrawnAndEndsWithAnEmptyStopEvent() {
    boolean sawStop = false;
    for (int attempt = 0; attempt < 20 && !sawStop; attempt++) {
      SimHttp.Stream stream = http().stream("/v1/completions", SimHttp.completion("x", 1000, true, false));
      List<SimHttp.Event> events = stream.events();
      JsonNode last = events.get(events.size() - 3).json().get("choices").get(0);
      int completion = events.get(events.size() - 2).json().get("usage").get("completion_tokens").asInt();
      if (last.get("finish_reason").asText().equals("stop")) {
        sawStop = true;
        assertEquals("", last.get("text").asText(), "the end-of-sequence token carries no text");
        assertEquals(completion, events.size() - 2, "completion_tokens counts the end-of-sequence token");
      }
    }
    assertTrue(sawStop, "mean 128 tokens with max_tokens 1000 stops by itself");
  }

  @Test
  void acceptsTokenIdPromptsAndCountsThem() {
    JsonNode body = http().postJson("/v1/completions", "{\"prompt\":[1,2,3,4,5,6],\"max_tokens\":2,\"ignore_eos\":true}");
    assertEquals(6, body.get("usage").get("prompt_tokens").asInt());
    JsonNode nested = http().postJson("/v1/completions", "{\"prompt\":[[7,8]],\"max_tokens\":2}");
    assertEquals(2, nested.get("usage").get("prompt_tokens").asInt());
  }

  @Test
  void servesLoraAdaptersUnderTheirOwnName() {
    String body = "{\"model\":\"sql-lora\",\"prompt\":\"q\",\"max_tokens\":2,\"stream\":true}";
    List<SimHttp.Event> events = http().stream("/v1/completions", body).events();
    assertEquals("sql-lora", events.get(0).json().get("model").asText());
  }

  @Test
  void echoesTheRequestIdHeader() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    HttpResponse<String> response =
        client.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/v1/completions"))
                .header("X-Request-Id", "abc-123")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(SimHttp.completion("a", 2, false, true)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals("abc-123", response.headers().firstValue("x-request-id").orElseThrow());
    assertEquals("cmpl-abc-123", SimHttp.JSON.readTree(response.body()).get("id").asText());
  }

  @Test
  void rejectsBadRequestsWithOpenAiErrors() {
    assertError(http().post("/v1/completions", "{not json"), 400, "not valid JSON");
    assertError(http().post("/v1/completions", "{\"max_tokens\":3}"), 400, "'prompt' is required");
    assertError(http().post("/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":0}"), 400, "max_tokens");
    assertError(http().post("/v1/completions", "{\"prompt\":\"a\",\"n\":2}"), 400, "n = 1");
    assertError(http().post("/v1/completions", "{\"prompt\":[\"a\",\"b\"]}"), 400, "list of token ids");
    JsonNode unknown = assertError(http().post("/v1/completions", "{\"model\":\"gpt-9\",\"prompt\":\"a\"}"), 404, "gpt-9");
    assertEquals("model", unknown.get("param").asText());
    assertError(
        http().post("/v1/completions", "{\"prompt\":\"a b c\",\"max_tokens\":32766}"), 400, "context is 32768 tokens");
  }

  private static JsonNode assertError(HttpResponse<String> response, int status, String messagePart) {
    assertEquals(status, response.statusCode(), response.body());
    try {
      JsonNode error = SimHttp.JSON.readTree(response.body()).get("error");
      assertEquals(status, error.get("code").asInt());
      assertTrue(error.get("message").asText().contains(messagePart), error.toString());
      assertFalse(error.get("type").asText().isEmpty());
      return error;
    } catch (java.io.IOException e) {
      throw new AssertionError(response.body(), e);
    }
  }
}
