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
 * <p>Chat: {@code {"model","messages":[...],"max_tokens","ignore_eos","stream"[,"stream_options"][,"tools"]
 * [,"tool_choice"]}}, each message as given (role, content and its other fields, e.g. tool_calls, tool_call_id).
 * Anthropic: {@code {"model","system"?,"messages","max_tokens","stream"[,"tools"][,"tool_choice"]}}: system messages
 * become the top-level {@code system} text, an assistant message's tool_calls become {@code tool_use} blocks (the
 * arguments parsed into {@code input}; {} when they are not a JSON object), tool messages become {@code tool_result}
 * blocks of a user message (consecutive ones share it), OpenAI tool definitions become
 * {@code {name, description, input_schema}}. Headers: the builder's shared ones (content type, api key, api.headers)
 * with the event's own on top.
 */
public final class ConversationBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiConfig.ApiType type;
  private final boolean streaming;
  private final boolean ignoreEos;
  private final Map<String, String> headers;

  /**
   * A forced tool call: chat {@code {"type":"function","function":{"name":name}}} or {@code "required"} without a
   * name; Anthropic {@code {"type":"tool","name":name}} or {@code {"type":"any"}}.
   *
   * @param name the function the model must call, or null for any of the tools
   * @param stopAtEos send ignore_eos false (override_tool_call_max_tokens), so the model may end the call
   */
  public record ToolChoice(String name, boolean stopAtEos) {}

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
    return build(model, messages, maxTokens, tools, null, extraHeaders);
  }

  /**
   * The request of one call, with a forced tool call.
   *
   * @param toolChoice the tool call to force (only sent with tools), or null
   */
  public PreparedRequest build(String model, List<ObjectNode> messages, int maxTokens, ArrayNode tools,
      ToolChoice toolChoice, Map<String, String> extraHeaders) {
    boolean withTools = tools != null && !tools.isEmpty();
    ToolChoice forced = withTools ? toolChoice : null;
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    if (anthropic()) {
      anthropicMessages(body, messages);
    } else {
      ArrayNode list = body.putArray("messages");
      messages.forEach(list::add);
    }
    body.put("max_tokens", maxTokens);
    if (!anthropic()) body.put("ignore_eos", ignoreEos && (forced == null || !forced.stopAtEos()));
    body.put("stream", streaming);
    if (streaming && !anthropic()) body.putObject("stream_options").put("include_usage", true);
    if (withTools) body.set("tools", anthropic() ? anthropicTools(tools) : tools);
    if (forced != null) body.set("tool_choice", toolChoiceJson(forced));
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("encoding a request body in memory failed", e);
    }
    Map<String, String> merged = extraHeaders.isEmpty() ? headers : RequestBuilder.mergeOnto(headers, extraHeaders);
    return new PreparedRequest(type.path, bytes, merged, model, streaming, -1, !anthropic(), anthropic(), null);
  }

  private JsonNode toolChoiceJson(ToolChoice choice) {
    if (anthropic()) {
      ObjectNode node = JSON.createObjectNode().put("type", choice.name() == null ? "any" : "tool");
      if (choice.name() != null) node.put("name", choice.name());
      return node;
    }
    if (choice.name() == null) return JSON.getNodeFactory().textNode("required");
    ObjectNode node = JSON.createObjectNode().put("type", "function");
    node.putObject("function").put("name", choice.name());
    return node;
  }

  private static void anthropicMessages(ObjectNode body, List<ObjectNode> messages) {
    StringBuilder system = new StringBuilder();
    ArrayNode list = JSON.createArrayNode();
    ArrayNode toolResults = null; // the blocks of the user message that holds the tool results just before
    for (ObjectNode message : messages) {
      String role = message.path("role").asText("user");
      String content = message.path("content").asText("");
      if (role.equals("system") || role.equals("developer")) {
        if (!system.isEmpty()) system.append('\n');
        system.append(content);
        continue;
      }
      if (role.equals("tool") && message.hasNonNull("tool_call_id")) {
        if (toolResults == null) {
          toolResults = list.addObject().put("role", "user").putArray("content");
        }
        toolResults.addObject().put("type", "tool_result")
            .put("tool_use_id", message.get("tool_call_id").asText()).put("content", content);
        continue;
      }
      toolResults = null;
      ObjectNode out = list.addObject();
      out.put("role", role.equals("assistant") ? "assistant" : "user");
      JsonNode calls = message.get("tool_calls");
      if (role.equals("assistant") && calls != null && calls.isArray() && !calls.isEmpty()) {
        out.set("content", toolUseBlocks(content, calls));
      } else {
        out.put("content", content);
      }
    }
    if (!system.isEmpty()) body.put("system", system.toString());
    body.set("messages", list);
  }

  /** An assistant message with tool calls: its text (if any) then one tool_use block per call. */
  private static ArrayNode toolUseBlocks(String text, JsonNode calls) {
    ArrayNode blocks = JSON.createArrayNode();
    if (!text.isEmpty()) blocks.addObject().put("type", "text").put("text", text);
    for (JsonNode call : calls) {
      ObjectNode block = blocks.addObject();
      block.put("type", "tool_use");
      block.put("id", call.path("id").asText(""));
      block.put("name", call.path("function").path("name").asText(""));
      block.set("input", input(call.path("function").path("arguments").asText("")));
    }
    return blocks;
  }

  /** Tool call arguments as an Anthropic input object: the parsed JSON object, else {} (malformed, or not one). */
  private static JsonNode input(String arguments) {
    try {
      JsonNode parsed = JSON.readTree(arguments);
      if (parsed != null && parsed.isObject()) return parsed;
    } catch (JsonProcessingException malformed) {
      // falls through: the Messages API needs an object
    }
    return JSON.createObjectNode();
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
