package io.inferenceperf.simulator.http;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes one response's SSE events by hand, in the exact shape vLLM streams them, from byte templates: the
 * per-request head (id, created, model) is encoded once, every token event is head + constant middle + token bytes
 * + constant tail. No JSON library on the token path.
 */
final class SseEncoder implements StreamEncoder {
  private static final byte[] TEXT = bytes("\"text\":\"");
  private static final byte[] CONTENT = bytes("\"delta\":{\"content\":\"");
  private static final byte[] REASONING = bytes("\"delta\":{\"reasoning_content\":\"");
  private static final byte[] COMPLETION_TAIL = bytes("\",\"logprobs\":null,\"finish_reason\":null,\"stop_reason\":null}]}\n\n");
  private static final byte[] CHAT_TAIL = bytes("\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
  private static final byte[] ROLE =
      bytes("\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
  private static final byte[] DONE = bytes("data: [DONE]\n\n");
  private static final byte[] USAGE_TAIL = bytes("}\n\n");
  private static final byte[] MALFORMED_TAIL = bytes("\"delta\":{\"content\":\"\n\n");

  private static final byte[] TOOL_MORE =
      bytes("\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"");
  private static final byte[] TOOL_TAIL = bytes("\"}}]}");
  private static final byte[] OPEN = bytes(ToolCallOut.OPEN_ESCAPED);
  private static final byte[] CLOSE = bytes(ToolCallOut.CLOSE_ESCAPED);

  private final boolean chat;
  private final byte[] head;
  private final byte[] usagePrefix;
  private final ToolCallOut toolCall;
  private final byte[] toolFirst;
  private boolean toolStarted;

  /**
   * @param chat chat.completion.chunk events (else text_completion)
   * @param id the full response id, e.g. cmpl-abc
   * @param createdEpochSeconds the created field
   * @param model the model name to report
   */
  SseEncoder(boolean chat, String id, long createdEpochSeconds, String model) {
    this(chat, id, createdEpochSeconds, model, null);
  }

  /** @param toolCall chat only: the content tokens are the arguments of this tool call (null: plain text) */
  SseEncoder(boolean chat, String id, long createdEpochSeconds, String model, ToolCallOut toolCall) {
    this.chat = chat;
    this.toolCall = chat ? toolCall : null;
    this.toolFirst = this.toolCall == null ? null : bytes("\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":"
        + JsonText.quote(toolCall.id()) + ",\"type\":\"function\",\"function\":{\"name\":"
        + JsonText.quote(toolCall.name()) + ",\"arguments\":\"");
    String object = chat ? "chat.completion.chunk" : "text_completion";
    String common =
        "{\"id\":" + JsonText.quote(id) + ",\"object\":\"" + object + "\",\"created\":" + createdEpochSeconds
            + ",\"model\":" + JsonText.quote(model) + ",\"choices\":[";
    this.head = bytes("data: " + common + "{\"index\":0,");
    this.usagePrefix = bytes("data: " + common + "],\"usage\":");
  }

  /** Chat: the role delta; completion: nothing. */
  @Override
  public void writePrelude(ByteBuf out) {
    if (chat) {
      writeRole(out);
    }
  }

  /** The usage chunk if asked for, then {@code data: [DONE]} (the finish reason went with the last token). */
  @Override
  public void writeEnd(ByteBuf out, EndOfStream end) {
    if (end.includeUsage()) {
      writeUsage(out, usageJson(end.promptTokens(), end.completionTokens(), end.cachedTokens(), end.promptDetails()));
    }
    writeDone(out);
  }

  /** The chat prelude: an empty delta carrying the assistant role. */
  void writeRole(ByteBuf out) {
    out.writeBytes(head).writeBytes(ROLE);
  }

  /**
   * One token event with tokens {@code [from, from + count)}.
   *
   * @param reasoning chat only: send as delta.reasoning_content
   * @param finishReason null for a non-final event
   */
  @Override
  public void writeTokens(ByteBuf out, int from, int count, boolean reasoning, String finishReason) {
    if (toolCall != null && reasoning && finishReason != null) {
      writeTokens(out, from, count, true, null); // the reasoning, then the call it led to
      writeToolArguments(out, from + count, 0, finishReason);
      return;
    }
    if (toolCall != null && !reasoning) {
      writeToolArguments(out, from, count, finishReason);
      return;
    }
    out.writeBytes(head).writeBytes(chat ? (reasoning ? REASONING : CONTENT) : TEXT);
    for (int i = from; i < from + count; i++) {
      out.writeBytes(Vocabulary.bytes(i));
    }
    if (finishReason == null) {
      out.writeBytes(chat ? CHAT_TAIL : COMPLETION_TAIL);
    } else {
      String tail =
          (chat ? "\"}" : "\"") + ",\"logprobs\":null,\"finish_reason\":\"" + finishReason
              + "\",\"stop_reason\":null}]}\n\n";
      out.writeCharSequence(tail, StandardCharsets.US_ASCII);
    }
  }

  /**
   * A tool call event: the first carries the id, name and the arguments' opening; each carries its tokens as an
   * arguments fragment; the last one closes the arguments (unless the fault says not to) and gives the finish reason.
   */
  private void writeToolArguments(ByteBuf out, int from, int count, String finishReason) {
    out.writeBytes(head).writeBytes(toolStarted ? TOOL_MORE : toolFirst);
    if (!toolStarted) {
      out.writeBytes(OPEN);
      toolStarted = true;
    }
    for (int i = from; i < from + count; i++) {
      out.writeBytes(Vocabulary.bytes(i));
    }
    if (finishReason != null && !toolCall.badArguments()) {
      out.writeBytes(CLOSE);
    }
    out.writeBytes(TOOL_TAIL);
    String finish = finishReason == null ? "null" : "\"" + ToolCallOut.chatFinish(finishReason) + "\"";
    out.writeCharSequence(",\"logprobs\":null,\"finish_reason\":" + finish + "}]}\n\n", StandardCharsets.US_ASCII);
  }

  /** An event whose data is cut-off, invalid JSON (the malformed fault). */
  @Override
  public void writeMalformed(ByteBuf out) {
    out.writeBytes(head).writeBytes(MALFORMED_TAIL);
  }

  /** The usage chunk (stream_options.include_usage), with no choices. */
  void writeUsage(ByteBuf out, String usageJson) {
    out.writeBytes(usagePrefix);
    out.writeCharSequence(usageJson, StandardCharsets.US_ASCII);
    out.writeBytes(USAGE_TAIL);
  }

  void writeDone(ByteBuf out) {
    out.writeBytes(DONE);
  }

  /** The usage object, e.g. {"prompt_tokens":5,"total_tokens":12,"completion_tokens":7,...}. */
  static String usageJson(int prompt, int completion, int cached, boolean details) {
    return "{\"prompt_tokens\":" + prompt + ",\"total_tokens\":" + (prompt + completion) + ",\"completion_tokens\":"
        + completion + ",\"prompt_tokens_details\":"
        + (details ? "{\"cached_tokens\":" + cached + "}" : "null") + "}";
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
