package io.inferenceperf.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.http.Vocabulary;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /v1/chat/completions: role prelude, reasoning, multi-token events, usage. */
class ChatRouteTest {

  private static RunningSimulator start(Object... options) {
    Object[] all = new Object[options.length + 2];
    all[0] = "profile";
    all[1] = "zero";
    System.arraycopy(options, 0, all, 2, options.length);
    return Simulator.start(SimulatorOptions.of(all));
  }

  private static JsonNode delta(SimHttp.Event event) {
    return event.json().get("choices").get(0).get("delta");
  }

  private static String finish(SimHttp.Event event) {
    JsonNode reason = event.json().get("choices").get(0).get("finish_reason");
    return reason.isNull() ? null : reason.asText();
  }

  @Test
  void streamsTheRolePreludeThenContentThenUsageAndDone() {
    try (RunningSimulator sim = start()) {
      SimHttp.Stream stream = new SimHttp(sim.baseUrl()).stream("/v1/chat/completions", SimHttp.chat("hi there", 4, true, true));
      List<SimHttp.Event> events = stream.events();
      assertEquals(1 + 4 + 2, events.size(), stream.rawBody());
      JsonNode prelude = events.get(0).json();
      assertEquals("chat.completion.chunk", prelude.get("object").asText());
      assertTrue(prelude.get("id").asText().startsWith("chatcmpl-"));
      assertEquals("assistant", delta(events.get(0)).get("role").asText());
      assertEquals("", delta(events.get(0)).get("content").asText());
      assertEquals(null, finish(events.get(0)));
      for (int i = 1; i <= 4; i++) {
        assertFalse(delta(events.get(i)).has("role"));
        assertEquals(Vocabulary.word(i - 1), delta(events.get(i)).get("content").asText());
        assertEquals(i == 4 ? "length" : null, finish(events.get(i)));
      }
      JsonNode usage = events.get(5).json().get("usage");
      assertEquals(3 + 2, usage.get("prompt_tokens").asInt(), "3 template tokens + 2 words");
      assertEquals(4, usage.get("completion_tokens").asInt());
      assertEquals("[DONE]", events.get(6).data());
    }
  }

  @Test
  void maxCompletionTokensWinsOverMaxTokens() {
    try (RunningSimulator sim = start()) {
      String body =
          "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":9,\"max_completion_tokens\":3,"
              + "\"ignore_eos\":true}";
      JsonNode answer = new SimHttp(sim.baseUrl()).postJson("/v1/chat/completions", body);
      assertEquals(3, answer.get("usage").get("completion_tokens").asInt());
      String legacy = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":6,\"ignore_eos\":true}";
      assertEquals(6, new SimHttp(sim.baseUrl()).postJson("/v1/chat/completions", legacy).get("usage").get("completion_tokens").asInt());
    }
  }

  @Test
  void reasoningTokensComeFirstAsReasoningContent() {
    try (RunningSimulator sim = start("reasoning_tokens", 3)) {
      SimHttp http = new SimHttp(sim.baseUrl());
      List<SimHttp.Event> events = http.stream("/v1/chat/completions", SimHttp.chat("q", 6, true, true)).events();
      for (int i = 1; i <= 3; i++) {
        assertEquals(Vocabulary.word(i - 1), delta(events.get(i)).get("reasoning_content").asText());
        assertFalse(delta(events.get(i)).has("content"));
      }
      for (int i = 4; i <= 6; i++) {
        assertEquals(Vocabulary.word(i - 1), delta(events.get(i)).get("content").asText());
        assertFalse(delta(events.get(i)).has("reasoning_content"));
      }
      assertEquals(6, events.get(7).json().get("usage").get("completion_tokens").asInt(), "reasoning counts as output");
      JsonNode whole = http.postJson("/v1/chat/completions", SimHttp.chat("q", 6, false, true));
      JsonNode message = whole.get("choices").get(0).get("message");
      assertEquals(Vocabulary.text(0, 3), message.get("reasoning_content").asText());
      assertEquals(Vocabulary.text(3, 6), message.get("content").asText());
      // completions have no reasoning channel
      JsonNode completion = http.postJson("/v1/completions", SimHttp.completion("q", 6, false, true));
      assertEquals(Vocabulary.text(0, 6), completion.get("choices").get(0).get("text").asText());
    }
  }

  @Test
  void severalTokensPerEventNeverMixReasoningAndContent() {
    try (RunningSimulator sim = start("tokens_per_event", 4, "reasoning_tokens", 2)) {
      List<SimHttp.Event> events =
          new SimHttp(sim.baseUrl()).stream("/v1/chat/completions", SimHttp.chat("q", 11, true, true)).events();
      // prelude, reasoning(2), content(4), content(4), content(1, final), usage, done
      assertEquals(7, events.size(), events.toString());
      assertEquals(Vocabulary.text(0, 2), delta(events.get(1)).get("reasoning_content").asText());
      assertEquals(Vocabulary.text(2, 6), delta(events.get(2)).get("content").asText());
      assertEquals(Vocabulary.text(6, 10), delta(events.get(3)).get("content").asText());
      assertEquals(Vocabulary.text(10, 11), delta(events.get(4)).get("content").asText());
      assertEquals("length", finish(events.get(4)));
      assertEquals(11, events.get(5).json().get("usage").get("completion_tokens").asInt());
    }
  }

  @Test
  void acceptsContentPartsAndCountsTheirText() {
    try (RunningSimulator sim = start("prompt_tokens_details", false)) {
      String body =
          "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":"
              + "[{\"type\":\"text\",\"text\":\"one two three\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}],"
              + "\"max_completion_tokens\":2}";
      JsonNode usage = new SimHttp(sim.baseUrl()).postJson("/v1/chat/completions", body).get("usage");
      assertEquals(3 + 2 + 3 + 3, usage.get("prompt_tokens").asInt());
      assertTrue(usage.get("prompt_tokens_details").isNull(), "prompt_tokens_details off");
    }
  }

  @Test
  void rejectsChatWithoutMessages() {
    try (RunningSimulator sim = start()) {
      var response = new SimHttp(sim.baseUrl()).post("/v1/chat/completions", "{\"messages\":[]}");
      assertEquals(400, response.statusCode());
      assertTrue(response.body().contains("'messages' must be a non-empty list"), response.body());
      var noRole = new SimHttp(sim.baseUrl()).post("/v1/chat/completions", "{\"messages\":[{\"content\":\"x\"}]}");
      assertEquals(400, noRole.statusCode());
    }
  }
}
