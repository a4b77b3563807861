package io.inferenceperf.simulator.http;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes a streamed Anthropic Messages response: {@code message_start} and a text {@code content_block_start} before
 * the first token, one {@code content_block_delta} (text_delta) per event's tokens, then
 * {@code content_block_stop}, {@code message_delta} (stop_reason, output_tokens) and {@code message_stop}. Every
 * event carries its {@code event:} name. Token events are byte templates, as in {@link SseEncoder}.
 */
final class AnthropicEncoder implements StreamEncoder {
  private static final byte[] DELTA_HEAD = bytes("event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
      + "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"");
  private static final byte[] DELTA_TAIL = bytes("\"}}\n\n");
  private static final byte[] MALFORMED_TAIL = bytes("\n\n");
  private static final byte[] BLOCK_START = bytes("event: content_block_start\ndata: {\"type\":\"content_block_start\","
      + "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
  private static final byte[] BLOCK_STOP =
      bytes("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
  private static final byte[] MESSAGE_STOP = bytes("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

  private static final byte[] TOOL_DELTA_HEAD = bytes("event: content_block_delta\ndata: {\"type\":"
      + "\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"");
  private static final byte[] OPEN = bytes(ToolCallOut.OPEN_ESCAPED);
  private static final byte[] CLOSE = bytes(ToolCallOut.CLOSE_ESCAPED);

  private final byte[] messageStart;
  private final ToolCallOut toolCall;
  private final byte[] blockStart;
  private boolean preludeWritten;
  private boolean toolStarted;

  /**
   * @param id the message id, e.g. msg_abc
   * @param model the model name to report
   * @param promptTokens input_tokens of message_start
   */
  AnthropicEncoder(String id, String model, int promptTokens) {
    this(id, model, promptTokens, null);
  }

  /**
   * @param toolCall the tokens are the input of this tool_use block, streamed as input_json_delta (null: text)
   */
  AnthropicEncoder(String id, String model, int promptTokens, ToolCallOut toolCall) {
    this.toolCall = toolCall;
    this.blockStart = toolCall == null ? BLOCK_START : bytes("event: content_block_start\ndata: {\"type\":"
        + "\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":"
        + JsonText.quote(toolCall.id()) + ",\"name\":" + JsonText.quote(toolCall.name()) + ",\"input\":{}}}\n\n");
    this.messageStart = bytes("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
        + JsonText.quote(id) + ",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":"
        + JsonText.quote(model) + ",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":"
        + promptTokens + ",\"output_tokens\":0}}}\n\n");
  }

  @Override
  public void writePrelude(ByteBuf out) {
    if (!preludeWritten) {
      out.writeBytes(messageStart).writeBytes(blockStart);
      preludeWritten = true;
    }
  }

  /** Reasoning is not planned for this API; the finish reason goes in message_delta. Empty events are skipped. */
  @Override
  public void writeTokens(ByteBuf out, int from, int count, boolean reasoning, String finishReason) {
    if (count == 0) {
      return;
    }
    out.writeBytes(toolCall == null ? DELTA_HEAD : TOOL_DELTA_HEAD);
    if (toolCall != null && !toolStarted) {
      out.writeBytes(OPEN);
      toolStarted = true;
    }
    for (int i = from; i < from + count; i++) {
      out.writeBytes(Vocabulary.bytes(i));
    }
    out.writeBytes(DELTA_TAIL);
  }

  /** The tool call's last fragment: the arguments' end (and their start if no token came), unless the fault. */
  private void closeToolInput(ByteBuf out) {
    if (toolCall == null || toolCall.badArguments() && toolStarted) {
      return;
    }
    out.writeBytes(TOOL_DELTA_HEAD);
    if (!toolStarted) {
      out.writeBytes(OPEN);
      toolStarted = true;
    }
    if (!toolCall.badArguments()) {
      out.writeBytes(CLOSE);
    }
    out.writeBytes(DELTA_TAIL);
  }

  @Override
  public void writeMalformed(ByteBuf out) {
    out.writeBytes(DELTA_HEAD).writeBytes(MALFORMED_TAIL);
  }

  @Override
  public void writeEnd(ByteBuf out, EndOfStream end) {
    writePrelude(out);
    closeToolInput(out);
    out.writeBytes(BLOCK_STOP);
    String reason = toolCall != null && end.finishReason().equals("stop") ? "tool_use" : stopReason(end.finishReason());
    String delta = "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
        + reason + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
        + end.completionTokens() + "}}\n\n";
    out.writeCharSequence(delta, StandardCharsets.US_ASCII);
    out.writeBytes(MESSAGE_STOP);
  }

  /** The Messages API's name for an OpenAI finish reason: stop is end_turn, length is max_tokens. */
  static String stopReason(String finishReason) {
    return switch (finishReason) {
      case "stop" -> "end_turn";
      case "length" -> "max_tokens";
      default -> finishReason;
    };
  }

  /** The whole non-streaming answer with a tool_use block whose input is {"input": words}. */
  static String toolUseBody(String id, String model, ToolCallOut call, String words, String finishReason,
      int promptTokens, int outputTokens) {
    return "{\"id\":" + JsonText.quote(id) + ",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
        + JsonText.quote(model) + ",\"content\":[{\"type\":\"tool_use\",\"id\":" + JsonText.quote(call.id())
        + ",\"name\":" + JsonText.quote(call.name()) + ",\"input\":{\"input\":" + JsonText.quote(words)
        + "}}],\"stop_reason\":\"" + (finishReason.equals("stop") ? "tool_use" : stopReason(finishReason))
        + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + promptTokens + ",\"output_tokens\":"
        + outputTokens + "}}";
  }

  /** The whole non-streaming answer. */
  static String body(String id, String model, String text, String finishReason, int promptTokens,
      int outputTokens) {
    return "{\"id\":" + JsonText.quote(id) + ",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
        + JsonText.quote(model) + ",\"content\":[{\"type\":\"text\",\"text\":" + JsonText.quote(text)
        + "}],\"stop_reason\":\"" + stopReason(finishReason) + "\",\"stop_sequence\":null,\"usage\":{"
        + "\"input_tokens\":" + promptTokens + ",\"output_tokens\":" + outputTokens + "}}";
  }

  /** The Messages API's error body: {"type":"error","error":{"type","message"}}. */
  static byte[] error(int status, String message) {
    String type = switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      default -> "api_error";
    };
    return bytes("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":" + JsonText.quote(message)
        + "}}");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
