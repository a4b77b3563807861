package io.inferenceperf.data.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One recorded message of an OTel span (an input message, or the span's output) in the two forms the graph needs:
 * the flat text that dependency detection compares (tool calls written as {@code <|tool_call|>name<|tool_args|>
 * args<|end|>} and tool results as {@code <tool_result: id>...}, as inference-perf flattens them), and the OpenAI
 * chat form that is sent: role, text content, and tool_calls / tool_call_id.
 *
 * @param role system (developer is renamed to it), user, assistant or tool
 * @param matchText the flat text compared with other calls' outputs
 * @param content the text content to send ("" for an assistant message that only calls tools)
 * @param toolCalls OpenAI tool_calls ({id, type: function, function: {name, arguments}}), or null
 * @param toolCallId the tool call a tool message answers, or null
 */
record OtelMessage(String role, String matchText, String content, ArrayNode toolCalls, String toolCallId) {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The ids of this message's tool calls. */
  Set<String> toolCallIds() {
    Set<String> ids = new LinkedHashSet<>();
    if (toolCalls != null) {
      for (JsonNode call : toolCalls) {
        if (call.path("id").isTextual() && !call.path("id").asText().isEmpty()) ids.add(call.path("id").asText());
      }
    }
    return ids;
  }

  /** Role and flat text equal: the test for a shared prefix. */
  boolean sameAs(OtelMessage other) {
    return role.equals(other.role) && matchText.equals(other.matchText);
  }

  /** The fields besides role and content that go on the wire (tool_calls, tool_call_id), or null. */
  ObjectNode wireExtra() {
    if (toolCalls == null && toolCallId == null) return null;
    ObjectNode extra = NODES.objectNode();
    if (toolCalls != null) extra.set("tool_calls", toolCalls);
    if (toolCallId != null) extra.put("tool_call_id", toolCallId);
    return extra;
  }

  /** An input message of gen_ai.input.messages. */
  static OtelMessage input(JsonNode message) {
    if (!message.isObject() || !message.path("role").isTextual()) {
      throw new ReplayFormatException("an input message is not an object with a role: " + brief(message));
    }
    String role = message.path("role").asText();
    if (role.equals("developer")) role = "system";
    JsonNode parts = message.get("parts");
    if (parts != null && parts.isArray()) return fromParts(role, parts);
    JsonNode content = message.get("content");
    JsonNode toolResult = firstToolResult(content);
    if (toolResult != null) {
      String result = text(toolResult.has("result") ? toolResult.get("result") : toolResult.get("content"));
      String id = toolResult.path(toolResult.has("tool_use_id") ? "tool_use_id" : "id").asText(null);
      return new OtelMessage("tool", flatContent(content), result, null, id);
    }
    ArrayNode toolCalls = toolCalls(message.get("tool_calls"));
    String text = content == null || content.isNull() ? "" : flatContent(content);
    String matchText = toolCalls == null ? text : join(text, flatToolCalls(toolCalls));
    String toolCallId = role.equals("tool") ? message.path("tool_call_id").asText(null) : null;
    return new OtelMessage(role, matchText, content == null || content.isNull() ? "" : sendText(content), toolCalls,
        toolCallId);
  }

  /** The recorded output of a span: a text attribute, or the one message of gen_ai.output.messages. */
  static OtelMessage output(JsonNode message) {
    JsonNode parts = message.get("parts");
    if (parts != null && parts.isArray()) return fromParts("assistant", parts);
    JsonNode content = message.get("content");
    ArrayNode toolCalls = toolCalls(message.get("tool_calls"));
    String text = content == null || content.isNull() ? "" : sendText(content);
    return new OtelMessage("assistant", join(text, toolCalls == null ? "" : flatToolCalls(toolCalls)), text,
        toolCalls, null);
  }

  static OtelMessage outputText(String text) {
    return new OtelMessage("assistant", text, text, null, null);
  }

  /** The OTel "parts" form: text parts, tool_call parts and tool_call_response parts. */
  private static OtelMessage fromParts(String role, JsonNode parts) {
    StringBuilder content = new StringBuilder();
    List<String> flat = new ArrayList<>();
    ArrayNode toolCalls = NODES.arrayNode();
    JsonNode response = null;
    for (JsonNode part : parts) {
      String type = part.path("type").asText("");
      switch (type) {
        case "text" -> {
          String t = text(part.has("text") ? part.get("text") : part.get("content"));
          content.append(t);
          flat.add(t);
        }
        case "tool_call", "tool_use" -> {
          toolCalls.add(toolCall(part));
          flat.add(flatToolCall(part.path("name").asText("unknown_tool"), part.has("arguments")
              ? part.get("arguments") : part.get("input")));
        }
        case "tool_call_response", "tool_result" -> {
          if (response == null) response = part;
          flat.add(flatToolResult(part));
        }
        default -> { } // reasoning and other part types are not sent
      }
    }
    String matchText = String.join("\n", flat);
    if (response != null) {
      String id = response.path(response.has("tool_use_id") ? "tool_use_id" : "id").asText(null);
      String result = text(response.has("result") ? response.get("result") : response.get("content"));
      return new OtelMessage("tool", matchText, content + result, null, id);
    }
    return new OtelMessage(role, matchText, content.toString(), toolCalls.isEmpty() ? null : toolCalls, null);
  }

  private static JsonNode firstToolResult(JsonNode content) {
    if (content == null || !content.isArray()) return null;
    for (JsonNode part : content) {
      String type = part.path("type").asText("");
      if (type.equals("tool_call_response")) return part;
    }
    return null;
  }

  /** OpenAI tool calls from either the nested form or the direct {id, name, arguments} form; arguments as text. */
  private static ArrayNode toolCalls(JsonNode calls) {
    if (calls == null || !calls.isArray()) return null;
    ArrayNode out = NODES.arrayNode();
    for (JsonNode call : calls) {
      if (call.isObject()) out.add(toolCall(call));
    }
    return out;
  }

  private static ObjectNode toolCall(JsonNode call) {
    JsonNode function = call.get("function");
    JsonNode source = function != null && function.isObject() ? function : call;
    JsonNode id = call.get("id");
    if (id == null || id.isNull()) {
      throw new ReplayFormatException("a tool call has no id (name " + source.path("name").asText("?") + "), so the"
          + " tool result answering it cannot be linked");
    }
    ObjectNode out = NODES.objectNode();
    out.put("id", id.asText());
    out.put("type", "function");
    ObjectNode fn = out.putObject("function");
    fn.put("name", source.path("name").asText(""));
    JsonNode args = source.has("arguments") ? source.get("arguments") : source.get("input");
    fn.put("arguments", args == null || args.isNull() ? "" : args.isTextual() ? args.asText() : pythonJson(args));
    return out;
  }

  private static String flatToolCalls(ArrayNode calls) {
    List<String> flat = new ArrayList<>();
    for (JsonNode call : calls) {
      flat.add(flatToolCall(call.path("function").path("name").asText("unknown_tool"),
          call.path("function").get("arguments")));
    }
    return String.join("\n", flat);
  }

  private static String flatToolCall(String name, JsonNode arguments) {
    String args = arguments == null || arguments.isNull() ? "{}" : arguments.isTextual() ? arguments.asText()
        : pythonJson(arguments);
    return "<|tool_call|>" + name + "<|tool_args|>" + args + "<|end|>";
  }

  private static String flatToolResult(JsonNode part) {
    String id = part.path(part.has("tool_use_id") ? "tool_use_id" : "id").asText("unknown");
    String result = text(part.has("content") ? part.get("content") : part.get("result"));
    String error = part.path("is_error").asBoolean(false) ? " [ERROR]" : "";
    return "<tool_result: " + id + error + ">\n" + result + "\n</tool_result>";
  }

  /** Content as the flat text: a string, or the texts of a list of blocks (tool results flattened). */
  private static String flatContent(JsonNode content) {
    if (content == null || content.isNull()) return "";
    if (!content.isArray()) return text(content);
    List<String> flat = new ArrayList<>();
    for (JsonNode item : content) {
      String type = item.path("type").asText("");
      if (item.isTextual()) flat.add(item.asText());
      else if (type.equals("tool_result") || type.equals("tool_call_response")) flat.add(flatToolResult(item));
      else if (type.equals("tool_use")) flat.add(flatToolCall(item.path("name").asText("unknown_tool"),
          item.has("arguments") ? item.get("arguments") : item.get("input")));
      else if (item.has("text")) flat.add(text(item.get("text")));
      else if (item.has("content")) flat.add(text(item.get("content")));
    }
    return String.join("\n", flat);
  }

  /** Content as sent: a string, or the text blocks of a list joined without separator. */
  private static String sendText(JsonNode content) {
    if (!content.isArray()) return text(content);
    StringBuilder out = new StringBuilder();
    for (JsonNode block : content) {
      out.append(block.isObject() ? text(block.has("text") ? block.get("text") : block.get("content"))
          : text(block));
    }
    return out.toString();
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull()) return "";
    if (value.isTextual()) return value.asText();
    if (value.isArray()) return sendText(value);
    return value.toString();
  }

  private static String join(String a, String b) {
    if (a.isEmpty()) return b;
    if (b.isEmpty()) return a;
    return a + "\n" + b;
  }

  /**
   * JSON as Python's json.dumps writes it by default ({"a": 1, "b": [1, 2]}, non-ASCII as \\uXXXX), so that tool
   * arguments recorded as objects read as the text that followed them in later calls.
   */
  static String pythonJson(JsonNode node) {
    StringBuilder out = new StringBuilder();
    appendPython(node, out);
    return out.toString();
  }

  private static void appendPython(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      out.append('{');
      var fields = node.fields();
      while (fields.hasNext()) {
        var field = fields.next();
        appendString(field.getKey(), out);
        out.append(": ");
        appendPython(field.getValue(), out);
        if (fields.hasNext()) out.append(", ");
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) out.append(", ");
        appendPython(node.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      appendString(node.asText(), out);
    } else {
      out.append(node.toString());
    }
  }

  private static void appendString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7f) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    out.append('"');
  }

  static String brief(JsonNode node) {
    String text = String.valueOf(node);
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }
}
