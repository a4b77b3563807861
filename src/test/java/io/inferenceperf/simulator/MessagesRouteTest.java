package io.inferenceperf.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.http.Vocabulary;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /v1/messages: the Anthropic Messages event sequence, the whole body, and errors in the Messages shape. */
class MessagesRouteTest {

  private static final String BODY = "{\"model\":\"%s\",\"system\":\"be brief\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"hi there\"}],\"max_tokens\":3,\"stream\":%s,\"ignore_eos\":true}";

  private static RunningSimulator start() {
    return Simulator.start(SimulatorOptions.of("profile", "zero"));
  }

  @Test
  void streamsTheMessagesEventsInOrder() {
    try (RunningSimulator sim = start()) {
      SimHttp.Stream stream = new SimHttp(sim.baseUrl()).stream("/v1/messages", BODY.formatted("simulated-model", true));
      assertEquals(200, stream.status());
      List<SimHttp.Event> events = stream.events();
      List<String> types = events.stream().map(e -> e.json().get("type").asText()).toList();
      assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_delta",
          "content_block_delta", "content_block_stop", "message_delta", "message_stop"), types, stream.rawBody());
      assertTrue(stream.rawBody().contains("event: content_block_delta\ndata: "), "named events");
      JsonNode start = events.get(0).json().get("message");
      assertTrue(start.get("id").asText().startsWith("msg_"));
      assertTrue(start.at("/usage/input_tokens").asInt() > 2, "the system prompt and the message count");
      for (int i = 0; i < 3; i++) {
        JsonNode delta = events.get(2 + i).json().get("delta");
        assertEquals("text_delta", delta.get("type").asText());
        assertEquals(Vocabulary.word(i), delta.get("text").asText());
      }
      JsonNode end = events.get(6).json();
      assertEquals("max_tokens", end.at("/delta/stop_reason").asText());
      assertEquals(3, end.at("/usage/output_tokens").asInt());
    }
  }

  @Test
  void aWholeMessageWithoutStreaming() {
    try (RunningSimulator sim = start()) {
      JsonNode body = new SimHttp(sim.baseUrl()).postJson("/v1/messages", BODY.formatted("simulated-model", false));
      assertEquals("message", body.get("type").asText());
      assertEquals("assistant", body.get("role").asText());
      assertEquals(Vocabulary.text(0, 3), body.at("/content/0/text").asText());
      assertEquals("max_tokens", body.get("stop_reason").asText());
      assertEquals(3, body.at("/usage/output_tokens").asInt());
    }
  }

  @Test
  void errorsHaveTheMessagesShape() throws Exception {
    try (RunningSimulator sim = start()) {
      SimHttp http = new SimHttp(sim.baseUrl());
      HttpResponse<String> noMax = http.post("/v1/messages",
          "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertEquals(400, noMax.statusCode());
      JsonNode error = SimHttp.JSON.readTree(noMax.body());
      assertEquals("error", error.get("type").asText());
      assertEquals("invalid_request_error", error.at("/error/type").asText());
      assertTrue(error.at("/error/message").asText().contains("max_tokens"), noMax.body());
      HttpResponse<String> unknown = http.post("/v1/messages", BODY.formatted("other-model", false));
      assertEquals(404, unknown.statusCode());
      assertEquals("not_found_error", SimHttp.JSON.readTree(unknown.body()).at("/error/type").asText());
    }
  }
}
