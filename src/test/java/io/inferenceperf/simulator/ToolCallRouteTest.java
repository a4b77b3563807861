package io.inferenceperf.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.http.Vocabulary;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request with tools and a forced tool_choice is answered with a tool call (chat and Anthropic, streamed and
 * whole), whose arguments are {"input": words}; the x-simulator-bad-tool-arguments header leaves them unclosed.
 */
class ToolCallRouteTest {

  private static final String CHAT_TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"search\","
      + "\"parameters\":{\"type\":\"object\"}}},{\"type\":\"function\",\"function\":{\"name\":\"read_file\"}}]";
  private static final String ANTHROPIC_TOOLS = "[{\"name\":\"search\",\"input_schema\":{\"type\":\"object\"}},"
      + "{\"name\":\"read_file\",\"input_schema\":{\"type\":\"object\"}}]";

  private static String chat(String toolChoice, boolean stream) {
    return "{\"model\":\"simulated-model\",\"messages\":[{\"role\":\"user\",\"content\":\"find it\"}],"
        + "\"max_tokens\":3,\"ignore_eos\":true,\"stream\":" + stream + ",\"tools\":" + CHAT_TOOLS
        + ",\"tool_choice\":" + toolChoice + "}";
  }

  private static String anthropic(String toolChoice, boolean stream) {
    return "{\"model\":\"simulated-model\",\"messages\":[{\"role\":\"user\",\"content\":\"find it\"}],"
        + "\"max_tokens\":3,\"stream\":" + stream + ",\"tools\":" + ANTHROPIC_TOOLS + ",\"tool_choice\":"
        + toolChoice + "}";
  }

  private static RunningSimulator start() {
    return Simulator.start(SimulatorOptions.of("profile", "zero"));
  }

  private static final String ARGUMENTS = "{\"input\": \"" + Vocabulary.text(0, 3) + "\"}";

  @Test
  void chatStreamsTheNamedToolCallOverSeveralEvents() throws IOException {
    try (RunningSimulator sim = start()) {
      SimHttp.Stream stream = new SimHttp(sim.baseUrl()).stream("/v1/chat/completions",
          chat("{\"type\":\"function\",\"function\":{\"name\":\"read_file\"}}", true));
      List<JsonNode> calls = chatToolEvents(stream);
      assertEquals(3, calls.size(), stream.rawBody());
      JsonNode first = calls.get(0).at("/choices/0/delta/tool_calls/0");
      assertTrue(first.get("id").asText().startsWith("call_"), stream.rawBody());
      assertEquals("function", first.get("type").asText());
      assertEquals("read_file", first.at("/function/name").asText());
      assertFalse(calls.get(1).at("/choices/0/delta/tool_calls/0").has("id"), "only the first carries the id");
      assertEquals(ARGUMENTS, arguments(calls));
      SimHttp.JSON.readTree(arguments(calls));
      assertEquals("length", calls.get(2).at("/choices/0/finish_reason").asText());
      assertTrue(stream.rawBody().contains("data: [DONE]"));
    }
  }

  @Test
  void requiredCallsTheFirstToolAndTheFaultHeaderBreaksTheArguments() {
    try (RunningSimulator sim = start()) {
      SimHttp.Stream stream = new SimHttp(sim.baseUrl()).stream("/v1/chat/completions", chat("\"required\"", true),
          "x-simulator-bad-tool-arguments", "true");
      List<JsonNode> calls = chatToolEvents(stream);
      assertEquals("search", calls.get(0).at("/choices/0/delta/tool_calls/0/function/name").asText());
      String arguments = arguments(calls);
      assertEquals("{\"input\": \"" + Vocabulary.text(0, 3), arguments);
      assertThrows(IOException.class, () -> SimHttp.JSON.readTree(arguments));
    }
  }

  @Test
  void autoOrNoToolChoiceAnswersInText() {
    try (RunningSimulator sim = start()) {
      SimHttp http = new SimHttp(sim.baseUrl());
      JsonNode body = http.postJson("/v1/chat/completions", chat("\"auto\"", false));
      assertEquals(Vocabulary.text(0, 3), body.at("/choices/0/message/content").asText());
      assertEquals(0, body.at("/choices/0/message/tool_calls").size());
    }
  }

  @Test
  void chatWholeBodyCarriesTheToolCall() throws IOException {
    try (RunningSimulator sim = start()) {
      JsonNode body = new SimHttp(sim.baseUrl()).postJson("/v1/chat/completions",
          chat("{\"type\":\"function\",\"function\":{\"name\":\"search\"}}", false));
      JsonNode call = body.at("/choices/0/message/tool_calls/0");
      assertTrue(call.get("id").asText().startsWith("call_"), body.toString());
      assertEquals("search", call.at("/function/name").asText());
      assertEquals(ARGUMENTS, call.at("/function/arguments").asText());
      assertTrue(body.at("/choices/0/message/content").isNull());
    }
  }

  @Test
  void anthropicStreamsAToolUseBlock() throws IOException {
    try (RunningSimulator sim = start()) {
      SimHttp.Stream stream = new SimHttp(sim.baseUrl()).stream("/v1/messages",
          anthropic("{\"type\":\"tool\",\"name\":\"read_file\"}", true));
      List<JsonNode> events = stream.events().stream().map(SimHttp.Event::json).toList();
      JsonNode block = events.get(1);
      assertEquals("content_block_start", block.get("type").asText(), stream.rawBody());
      assertEquals("tool_use", block.at("/content_block/type").asText());
      assertTrue(block.at("/content_block/id").asText().startsWith("toolu_"));
      assertEquals("read_file", block.at("/content_block/name").asText());
      StringBuilder partial = new StringBuilder();
      int deltas = 0;
      for (JsonNode event : events) {
        if (event.at("/delta/type").asText().equals("input_json_delta")) {
          partial.append(event.at("/delta/partial_json").asText());
          deltas++;
        }
      }
      assertTrue(deltas >= 3, stream.rawBody());
      assertEquals(ARGUMENTS, partial.toString());
      assertEquals("max_tokens", events.get(events.size() - 2).at("/delta/stop_reason").asText());
    }
  }

  @Test
  void anthropicAnyAndAWholeBody() {
    try (RunningSimulator sim = start()) {
      JsonNode body = new SimHttp(sim.baseUrl()).postJson("/v1/messages", anthropic("{\"type\":\"any\"}", false));
      JsonNode block = body.at("/content/0");
      assertEquals("tool_use", block.get("type").asText(), body.toString());
      assertEquals("search", block.get("name").asText());
      assertEquals(Vocabulary.text(0, 3), block.at("/input/input").asText());
    }
  }

  @Test
  void aToolChoiceNamingNoToolIsRefused() {
    try (RunningSimulator sim = start()) {
      var response = new SimHttp(sim.baseUrl()).post("/v1/chat/completions",
          chat("{\"type\":\"function\",\"function\":{\"name\":\"nope\"}}", false));
      assertEquals(400, response.statusCode());
      assertTrue(response.body().contains("nope"), response.body());
    }
  }

  private static List<JsonNode> chatToolEvents(SimHttp.Stream stream) {
    return stream.events().stream().filter(e -> !e.data().equals("[DONE]")).map(SimHttp.Event::json)
        .filter(json -> json.at("/choices/0/delta").has("tool_calls")).toList();
  }

  private static String arguments(List<JsonNode> calls) {
    StringBuilder out = new StringBuilder();
    for (JsonNode call : calls) out.append(call.at("/choices/0/delta/tool_calls/0/function/arguments").asText());
    return out.toString();
  }
}
