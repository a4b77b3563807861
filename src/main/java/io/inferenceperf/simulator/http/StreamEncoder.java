package io.inferenceperf.simulator.http;

import io.netty.buffer.ByteBuf;

/** Writes one streamed response's events in one API's wire format (OpenAI or Anthropic Messages). */
interface StreamEncoder {

  /** What the last events say: why generation stopped and the token counts. */
  record EndOfStream(
      String finishReason, int promptTokens, int completionTokens, int cachedTokens, boolean includeUsage,
      boolean promptDetails) {}

  /** Whatever precedes the first token's event (chat's role delta, Anthropic's message_start); may be nothing. */
  void writePrelude(ByteBuf out);

  /**
   * One token event with tokens {@code [from, from + count)}.
   *
   * @param reasoning send as reasoning text
   * @param finishReason null for a non-final event
   */
  void writeTokens(ByteBuf out, int from, int count, boolean reasoning, String finishReason);

  /** An event whose data is cut-off, invalid JSON (the malformed fault). */
  void writeMalformed(ByteBuf out);

  /** The events after the last token: usage and the end marker. */
  void writeEnd(ByteBuf out, EndOfStream end);
}
