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
    assistant.set("tool_calls", JSON.createArrayNode().add(JSON.createObjectNode().put("id", "call_1")));
    return List.of(message("system", "be brief"), message("user", "hi"), assistant,
        message("tool", "result").put("tool_call_id", "call_1"));
  }

  @Test
  void chatSendsTheMessagesAsTheyAreWithToolsAndTheCallsHeaders() throws Exception {
    ConversationBodies bodies = new ConversationBodies(new ApiConfig(ApiType.CHAT, true, Map.of("X-Team", "a")),
        SERVER);
    PreparedRequest request = bodies.build("m", conversation(), 7, tools(), Map.of("x-session-id", "s0"));
    JsonNode body = JSON.readTree(request.body());
    assertEquals("/v1/chat/completions", request.path());
    assertEquals(4, body.get("messages").size());
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
    assertEquals(List.of("user", "assistant", "user"),
        List.of(body.at("/messages/0/role").asText(), body.at("/messages/1/role").asText(),
            body.at("/messages/2/role").asText()), "the tool result goes as user text");
    assertEquals("result", body.at("/messages/2/content").asText());
    assertEquals("search", body.at("/tools/0/name").asText());
    assertEquals("object", body.at("/tools/0/input_schema/type").asText());
    assertFalse(body.has("ignore_eos"));
    assertTrue(request.anthropic());
  }

  @Test
  void theCompletionApiCannotCarryAConversation() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ConversationBodies(new ApiConfig(ApiType.COMPLETION, true, Map.of()), SERVER));
    assertTrue(e.getMessage().contains("chat or anthropic_messages"), e.getMessage());
  }
}
