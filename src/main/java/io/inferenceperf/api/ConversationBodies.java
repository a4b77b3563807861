package io.inferenceperf.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ServerConfig;
import io.inferenceperf.record.PreparedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Request bodies of a whole recorded conversation (session-graph replay), for the chat API and Anthropic Messages.
 *
 * <p>Chat: {@code {"model","messages":[...],"max_tokens","ignore_eos","stream"[,"stream_options"][,"tools"]}}, each
 * message as given (role, content and its other fields, e.g. tool_calls, tool_call_id). Anthropic: system messages
 * become the top-level {@code system} text, tool results are sent as user text, OpenAI tool definitions become
 * {@code {name, description, input_schema}}; {@code {"model","system"?,"messages","max_tokens","stream"[,"tools"]}}.
 * Headers: the builder's shared ones (content type, api key, api.headers) with the event's own on top.
 */
public final class ConversationBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiConfig.ApiType type;
  private final boolean streaming;
  private final boolean ignoreEos;
  private final Map<String, String> headers;

  /** @throws IllegalArgumentException when api.type is neither chat nor anthropic_messages */
  public ConversationBodies(ApiConfig api, ServerConfig server) {
    if (api.type() != ApiConfig.ApiType.CHAT && api.type() != ApiConfig.ApiType.ANTHROPIC_MESSAGES) {
      throw new IllegalArgumentException("api.type " + api.type().yamlName + ": recorded sessions are replayed"
          + " with api.type chat or anthropic_messages; set one of them");
    }
    this.type = api.type();
    this.streaming = api.streaming();
    this.ignoreEos = server.ignoreEos();
    this.headers = RequestBuilder.mergeHeaders(server.apiKey(), api.headers(), anthropic());
  }

  private boolean anthropic() {
    return type == ApiConfig.ApiType.ANTHROPIC_MESSAGES;
  }

  /**
   * The request of one call.
   *
   * @param messages the messages in OpenAI chat form ({@code role}, {@code content} text, other fields)
   * @param tools tool definitions in OpenAI form, or null
   * @param extraHeaders headers of this call (session id, recorded attributes), replacing shared ones by name
   */
  public PreparedRequest build(String model, List<ObjectNode> messages, int maxTokens, ArrayNode tools,
      Map<String, String> extraHeaders) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    if (anthropic()) {
      anthropicMessages(body, messages);
    } else {
      ArrayNode list = body.putArray("messages");
      messages.forEach(list::add);
    }
    body.put("max_tokens", maxTokens);
    if (!anthropic()) body.put("ignore_eos", ignoreEos);
    body.put("stream", streaming);
    if (streaming && !anthropic()) body.putObject("stream_options").put("include_usage", true);
    if (tools != null && !tools.isEmpty()) body.set("tools", anthropic() ? anthropicTools(tools) : tools);
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("encoding a request body in memory failed", e);
    }
    Map<String, String> merged = extraHeaders.isEmpty() ? headers : RequestBuilder.mergeOnto(headers, extraHeaders);
    return new PreparedRequest(type.path, bytes, merged, model, streaming, -1, !anthropic(), anthropic(), null);
  }

  private static void anthropicMessages(ObjectNode body, List<ObjectNode> messages) {
    StringBuilder system = new StringBuilder();
    ArrayNode list = JSON.createArrayNode();
    for (ObjectNode message : messages) {
      String role = message.path("role").asText("user");
      String content = message.path("content").asText("");
      if (role.equals("system") || role.equals("developer")) {
        if (!system.isEmpty()) system.append('\n');
        system.append(content);
        continue;
      }
      ObjectNode out = list.addObject();
      out.put("role", role.equals("assistant") ? "assistant" : "user");
      out.put("content", content);
    }
    if (!system.isEmpty()) body.put("system", system.toString());
    body.set("messages", list);
  }

  private static ArrayNode anthropicTools(ArrayNode tools) {
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode tool : tools) {
      JsonNode function = tool.has("function") ? tool.get("function") : tool;
      ObjectNode converted = out.addObject();
      converted.put("name", function.path("name").asText());
      if (function.has("description")) converted.set("description", function.get("description"));
      converted.set("input_schema", function.has("parameters") ? function.get("parameters")
          : JSON.createObjectNode().put("type", "object"));
    }
    return out;
  }
}
