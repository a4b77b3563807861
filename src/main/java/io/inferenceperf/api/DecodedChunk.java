package io.inferenceperf.api;

/**
 * What {@link ChunkDecoder} found in one JSON object (an SSE data payload or a whole non-streaming body). Mutable
 * and reused: {@link #reset()} before each decode, so decoding allocates no result objects; the response path
 * takes its thread's instance ({@link #ofThisThread}) for each payload and reads it before the next. Text is only
 * materialised when the decoder was asked to capture it.
 */
public final class DecodedChunk {
  private static final ThreadLocal<DecodedChunk> CAPTURING = ThreadLocal.withInitial(() -> new DecodedChunk(true));
  private static final ThreadLocal<DecodedChunk> COUNTING = ThreadLocal.withInitial(() -> new DecodedChunk(false));
  /** Text builders above this many characters are replaced on the next use, so one huge body does not stay. */
  private static final int KEPT_TEXT_CHARS = 64 * 1024;

  /** Characters of generated answer text (completion {@code text}, chat {@code content}). */
  public int contentChars;
  /** Characters of generated reasoning text ({@code reasoning_content} or {@code reasoning}). */
  public int reasoningChars;
  /** The answer text, only when captured, else null. */
  public StringBuilder contentText;
  /** The reasoning text, only when captured, else null. */
  public StringBuilder reasoningText;

  /** usage.prompt_tokens, or -1. */
  public int promptTokens;
  /** usage.completion_tokens, or -1. */
  public int completionTokens;
  /** usage.prompt_tokens_details.cached_tokens, or -1. */
  public int cachedTokens;
  /** The last non-null finish_reason seen, or null. */
  public String finishReason;

  /** True when the object is an error ({@code "error":{...}} or {@code "object":"error"}). */
  public boolean error;
  /** The error's message, or null. */
  public String errorMessage;
  /** The error's numeric code, or 0. */
  public int errorCode;
  /** True for the Anthropic Messages API's {@code message_stop} event: the stream's normal end. */
  public boolean streamEnd;
  /**
   * The response's tool calls so far, or null when they are not kept (the default: only requests whose output is
   * carried on keep them). Set by the response being decoded before each payload: {@link #reset()} leaves it alone.
   */
  ToolCallAccumulator toolCalls;

  private final boolean captureText;

  public DecodedChunk(boolean captureText) {
    this.captureText = captureText;
    if (captureText) {
      contentText = new StringBuilder();
      reasoningText = new StringBuilder();
    }
    reset();
  }

  /**
   * The calling thread's instance, reset: valid until the thread's next call. Payloads of every response a thread
   * reads share it, as they are decoded one at a time.
   */
  public static DecodedChunk ofThisThread(boolean captureText) {
    DecodedChunk chunk = (captureText ? CAPTURING : COUNTING).get();
    if (captureText && (chunk.contentText.capacity() > KEPT_TEXT_CHARS
        || chunk.reasoningText.capacity() > KEPT_TEXT_CHARS)) {
      chunk = new DecodedChunk(true);
      CAPTURING.set(chunk);
    }
    chunk.reset();
    return chunk;
  }

  public boolean capturesText() {
    return captureText;
  }

  /** True when this object carried generated text of either kind: the definition of a token-carrying chunk. */
  public boolean carriesTokens() {
    return contentChars > 0 || reasoningChars > 0;
  }

  public void reset() {
    contentChars = 0;
    reasoningChars = 0;
    if (captureText) {
      contentText.setLength(0);
      reasoningText.setLength(0);
    }
    promptTokens = -1;
    completionTokens = -1;
    cachedTokens = -1;
    finishReason = null;
    error = false;
    errorMessage = null;
    errorCode = 0;
    streamEnd = false;
  }
}
