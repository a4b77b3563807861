package io.inferenceperf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.ServerConfig;
import io.inferenceperf.config.ServerConfig.ServerType;
import io.inferenceperf.record.PreparedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bodies of replayed calls: the whole conversation, the call's max_tokens, tools and headers. */
class ConversationBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ServerConfig SERVER = new ServerConfig(ServerType.VLLM, "m", "http://127.0.0.1:1", true, null);

  private static ObjectNode message(String role, String content) {
    return JSON.createObjectNode().put("role", role).put("content", content);
  }

  private static ArrayNode tools() throws Exception {
    return (ArrayNode) JSON.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"search\",\"description\":\"d\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}}}]");
  }

  private static List<ObjectNode> conversation() {
    ObjectNode assistant = message("assistant", "live text");
    ObjectNode call = JSON.createObjectNode().put("id", "call_1").put("type", "function");
    call.putObject("function").put("name", "search").put("arguments", "{\"q\": \"x\"}");
    ObjectNode second = JSON.createObjectNode().put("id", "call_2").put("type", "function");
    second.putObject("function").put("name", "search").put("arguments", "{\"q\": ");
    assistant.set("tool_calls", JSON.createArrayNode().add(call).add(second));
    return List.of(message("system", "be brief"), message("user", "hi"), assistant,
        message("tool", "result").put("tool_call_id", "call_1"),
        message("tool", "second result").put("tool_call_id", "call_2"), message("user", "go on"));
  }

  @Test
  void chatSendsTheMessagesAsTheyAreWithToolsAndTheCallsHeaders() throws Exception {
    ConversationBodies bodies = new ConversationBodies(new ApiConfig(ApiType.CHAT, true, Map.of("X-Team", "a")),
        SERVER);
    PreparedRequest request = bodies.build("m", conversation(), 7, tools(), Map.of("x-session-id", "s0"));
    JsonNode body = JSON.readTree(request.body());
    assertEquals("/v1/chat/completions", request.path());
    assertEquals(6, body.get("messages").size());
    assertFalse(body.has("tool_choice"));
    assertEquals("call_1", body.at("/messages/2/tool_calls/0/id").asText());
    assertEquals("call_1", body.at("/messages/3/tool_call_id").asText());
    assertEquals(7, body.get("max_tokens").asInt());
    assertTrue(body.get("ignore_eos").asBoolean());
    assertTrue(body.at("/stream_options/include_usage").asBoolean());
    assertEquals("search", body.at("/tools/0/function/name").asText());
    assertEquals("s0", request.headers().get("x-session-id"));
    assertEquals("a", request.headers().get("X-Team"));
    assertTrue(request.chat());
  }

  @Test
  void anthropicMovesTheSystemPromptAndConvertsTheTools() throws Exception {
    ConversationBodies bodies = new ConversationBodies(new ApiConfig(ApiType.ANTHROPIC_MESSAGES, false, Map.of()),
        SERVER);
    PreparedRequest request = bodies.build("m", conversation(), 9, tools(), Map.of());
    JsonNode body = JSON.readTree(request.body());
    assertEquals("/v1/messages", request.path());
    assertEquals("be brief", body.get("system").asText());
    assertEquals(List.of("user", "assistant", "user", "user"),
        body.get("messages").findValuesAsText("role"), body.toString());
    JsonNode assistant = body.at("/messages/1/content");
    assertEquals("text", assistant.at("/0/type").asText());
    assertEquals("live text", assistant.at("/0/text").asText());
    assertEquals("tool_use", assistant.at("/1/type").asText());
    assertEquals("call_1", assistant.at("/1/id").asText());
    assertEquals("search", assistant.at("/1/name").asText());
    assertEquals("x", assistant.at("/1/input/q").asText(), "the arguments parsed into input");
    assertEquals(0, assistant.at("/2/input").size(), "malformed arguments: an empty input");
    JsonNode results = body.at("/messages/2/content");
    assertEquals(2, results.size(), "consecutive tool results share one user message");
    assertEquals("tool_result", results.at("/0/type").asText());
    assertEquals("call_1", results.at("/0/tool_use_id").asText());
    assertEquals("result", results.at("/0/content").asText());
    assertEquals("call_2", results.at("/1/tool_use_id").asText());
    assertEquals("go on", body.at("/messages/3/content").asText());
    assertEquals("search", body.at("/tools/0/name").asText());
    assertEquals("object", body.at("/tools/0/input_schema/type").asText());
    assertFalse(body.has("ignore_eos"));
    assertTrue(request.anthropic());
  }

  @Test
  void aForcedToolCallSetsToolChoiceAndLetsTheModelStop() throws Exception {
    ConversationBodies chat = new ConversationBodies(new ApiConfig(ApiType.CHAT, true, Map.of()), SERVER);
    JsonNode named = JSON.readTree(chat.build("m", conversation(), 7, tools(),
        new ConversationBodies.ToolChoice("search", true), Map.of()).body());
    assertEquals("function", named.at("/tool_choice/type").asText());
    assertEquals("search", named.at("/tool_choice/function/name").asText());
    assertFalse(named.get("ignore_eos").asBoolean(), "override_tool_call_max_tokens: the model may stop");
    JsonNode any = JSON.readTree(chat.build("m", conversation(), 7, tools(),
        new ConversationBodies.ToolChoice(null, false), Map.of()).body());
    assertEquals("required", any.get("tool_choice").asText());
    assertTrue(any.get("ignore_eos").asBoolean(), "without the override, server.ignore_eos stands");
    JsonNode noTools = JSON.readTree(chat.build("m", conversation(), 7, null,
        new ConversationBodies.ToolChoice("search", true), Map.of()).body());
    assertFalse(noTools.has("tool_choice"), "no tools, nothing to force");

    ConversationBodies anthropic = new ConversationBodies(
        new ApiConfig(ApiType.ANTHROPIC_MESSAGES, false, Map.of()), SERVER);
    JsonNode tool = JSON.readTree(anthropic.build("m", conversation(), 7, tools(),
        new ConversationBodies.ToolChoice("search", true), Map.of()).body());
    assertEquals("{\"type\":\"tool\",\"name\":\"search\"}", tool.get("tool_choice").toString());
    JsonNode anyTool = JSON.readTree(anthropic.build("m", conversation(), 7, tools(),
        new ConversationBodies.ToolChoice(null, true), Map.of()).body());
    assertEquals("{\"type\":\"any\"}", anyTool.get("tool_choice").toString());
  }

  @Test
  void theCompletionApiCannotCarryAConversation() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ConversationBodies(new ApiConfig(ApiType.COMPLETION, true, Map.of()), SERVER));
    assertTrue(e.getMessage().contains("chat or anthropic_messages"), e.getMessage());
  }
}
