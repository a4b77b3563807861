package io.inferenceperf.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.engine.PromptTokenizer;

/**
 * Reads a completion request body (already parsed to a JSON tree) into a {@link CompletionRequest}, or says what
 * is wrong with it (answered as 400). Pure.
 */
final class RequestParser {

  /** Exactly one of request and error is non-null. */
  record Parsed(CompletionRequest request, String error) {
    static Parsed bad(String error) {
      return new Parsed(null, error);
    }
  }

  private RequestParser() {}

  static Parsed parse(boolean chat, JsonNode body, int blockTokens) {
    return parse(chat, false, body, blockTokens);
  }

  /**
   * @param anthropic an Anthropic Messages body: messages (chat) plus an optional {@code system} prompt, and
   *     {@code max_tokens} is required; usage is always reported
   */
  static Parsed parse(boolean chat, boolean anthropic, JsonNode body, int blockTokens) {
    if (body == null || !body.isObject()) {
      return Parsed.bad("the request body must be a JSON object");
    }
    JsonNode model = body.get("model");
    if (model != null && !model.isNull() && !model.isTextual()) {
      return Parsed.bad("'model' must be a string");
    }
    JsonNode n = body.get("n");
    if (n != null && !n.isNull() && !(n.canConvertToInt() && n.asInt() == 1)) {
      return Parsed.bad("the simulator supports only n = 1");
    }
    Integer maxTokens = optionalInt(body, chat && !anthropic ? "max_completion_tokens" : "max_tokens", 1);
    if (anthropic && maxTokens == null) {
      return Parsed.bad("max_tokens: Field required");
    }
    if (maxTokens == null && chat) {
      maxTokens = optionalInt(body, "max_tokens", 1);
    }
    Integer minTokens = optionalInt(body, "min_tokens", 0);
    if (maxTokens != null && maxTokens < 0 || minTokens != null && minTokens < 0) {
      return Parsed.bad(
          "'max_tokens', 'max_completion_tokens' must be integers >= 1 and 'min_tokens' an integer >= 0");
    }
    PromptTokenizer tokenizer = new PromptTokenizer(blockTokens);
    MediaCounter media = new MediaCounter();
    if (anthropic && body.hasNonNull("system")) {
      tokenizer.addMessageHeader("system");
      String systemError = readContent(body.get("system"), tokenizer, media);
      if (systemError != null) {
        return Parsed.bad("'system' must be a string or a list of text blocks");
      }
    }
    String promptError = chat ? readMessages(body.get("messages"), tokenizer, media)
        : readPrompt(body.get("prompt"), tokenizer);
    if (promptError != null) {
      return Parsed.bad(promptError);
    }
    JsonNode streamOptions = body.path("stream_options");
    String toolCall = null;
    if (chat) {
      toolCall = forcedTool(body, anthropic);
      if (toolCall != null && toolCall.startsWith("!")) {
        return Parsed.bad(toolCall.substring(1));
      }
    }
    return new Parsed(
        new CompletionRequest(
            chat,
            model == null || model.isNull() ? null : model.asText(),
            body.path("stream").asBoolean(false),
            anthropic || streamOptions.path("include_usage").asBoolean(false),
            maxTokens == null ? -1 : maxTokens,
            minTokens == null ? 0 : minTokens,
            body.path("ignore_eos").asBoolean(false),
            tokenizer.finish(),
            anthropic,
            media.parts(),
            toolCall),
        null);
  }

  /**
   * The function a forced tool_choice names (the first tool for "required" / {"type":"any"}), null when the model
   * is free (no tools, no tool_choice, "auto", "none"), or "!" and the error when tool_choice names no tool given.
   */
  static String forcedTool(JsonNode body, boolean anthropic) {
    JsonNode tools = body.get("tools");
    JsonNode choice = body.get("tool_choice");
    if (tools == null || !tools.isArray() || tools.isEmpty() || choice == null || choice.isNull()) {
      return null;
    }
    String type = choice.isTextual() ? choice.asText() : choice.path("type").asText("");
    boolean any = anthropic ? type.equals("any") : type.equals("required");
    String named = anthropic ? (type.equals("tool") ? choice.path("name").asText(null) : null)
        : (type.equals("function") ? choice.path("function").path("name").asText(null) : null);
    if (!any && named == null) {
      return null;
    }
    for (JsonNode tool : tools) {
      String name = anthropic ? tool.path("name").asText("") : tool.path("function").path("name").asText("");
      if (any && !name.isEmpty() || name.equals(named)) {
        return name;
      }
    }
    return any ? "!'tool_choice' requires a tool but every tool lacks a name"
        : "!'tool_choice' names the function '" + named + "', which is not among 'tools'";
  }

  /** The integer at {@code key}: null when absent or null, -1 when not an integer >= min. */
  private static Integer optionalInt(JsonNode body, String key, int min) {
    JsonNode node = body.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min) {
      return -1;
    }
    return node.asInt();
  }

  private static String readPrompt(JsonNode prompt, PromptTokenizer tokenizer) {
    if (prompt == null || prompt.isNull()) {
      return "'prompt' is required";
    }
    if (prompt.isTextual()) {
      tokenizer.addText(prompt.asText());
      return null;
    }
    if (prompt.isArray() && prompt.size() == 1 && (prompt.get(0).isTextual() || prompt.get(0).isArray())) {
      return readPrompt(prompt.get(0), tokenizer);
    }
    if (prompt.isArray() && prompt.size() > 0) {
      for (JsonNode id : prompt) {
        if (!id.isIntegralNumber()) {
          return "'prompt' must be a string, a list of token ids, or a list with one of those"
              + " (the simulator does not batch several prompts)";
        }
        tokenizer.addTokenId(id.asLong());
      }
      return null;
    }
    return "'prompt' must be a non-empty string or list of token ids";
  }

  private static String readMessages(JsonNode messages, PromptTokenizer tokenizer, MediaCounter media) {
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      return "'messages' must be a non-empty list";
    }
    for (JsonNode message : messages) {
      JsonNode role = message.get("role");
      if (role == null || !role.isTextual()) {
        return "every message needs a 'role' string";
      }
      tokenizer.addMessageHeader(role.asText());
      String contentError = readContent(message.get("content"), tokenizer, media);
      if (contentError != null) {
        return contentError;
      }
    }
    return null;
  }

  private static String readContent(JsonNode content, PromptTokenizer tokenizer, MediaCounter media) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isTextual()) {
      tokenizer.addText(content.asText());
      return null;
    }
    if (content.isArray()) {
      for (JsonNode part : content) {
        JsonNode text = part.get("text");
        if (text != null && text.isTextual()) {
          tokenizer.addText(text.asText());
        } else if (part.path("type").asText("").equals("tool_result") && part.path("content").isTextual()) {
          tokenizer.addText(part.get("content").asText());
        }
        String mediaError = media.add(part);
        if (mediaError != null) {
          return mediaError;
        }
      }
      return null;
    }
    return "message 'content' must be a string, a list of parts, or null";
  }
}
