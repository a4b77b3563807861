package io.inferenceperf.api;

import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link ChunkDecoder}: a hand-written scanner over an event's bytes for the chunk shapes servers
 * stream for every token (text or content deltas, role preludes, finish reasons, usage). It accepts only a strict
 * subset of JSON that Jackson reads to the same result, and gives up on anything else (tool calls being kept,
 * errors, escapes beyond JSON's own, ill-formed UTF-8, deep nesting, unusual numbers, malformed or truncated
 * input): the caller then decodes the event with Jackson from the state it had before, so the outcome is
 * Jackson's by construction. The JSON syntax is {@link StrictJsonCursor}'s, the chunk's structure this class's.
 * Allocates nothing, except the String of a finish reason outside the usual ones (as Jackson's path does).
 * Not thread-safe: {@link ChunkDecoder} keeps one per thread.
 */
final class FastChunkScanner extends StrictJsonCursor {

  /** Well inside Jackson's own limits on string length and nesting, so they never differ. */
  private static final int MAX_EVENT_BYTES = 1 << 20;
  /** Counts with more digits go to Jackson, whose int conversion rejects what overflows. */
  private static final int MAX_COUNT_DIGITS = 9;

  private static final Name CHOICES = Name.of("choices");
  private static final Name USAGE = Name.of("usage");
  private static final Name ERROR = Name.of("error");
  private static final Name OBJECT = Name.of("object");
  private static final Name CODE = Name.of("code");
  private static final Name TEXT = Name.of("text");
  private static final Name DELTA = Name.of("delta");
  private static final Name MESSAGE = Name.of("message");
  private static final Name FINISH_REASON = Name.of("finish_reason");
  private static final Name CONTENT = Name.of("content");
  private static final Name REASONING_CONTENT = Name.of("reasoning_content");
  private static final Name REASONING = Name.of("reasoning");
  private static final Name TOOL_CALLS = Name.of("tool_calls");
  private static final Name PROMPT_TOKENS = Name.of("prompt_tokens");
  private static final Name COMPLETION_TOKENS = Name.of("completion_tokens");
  private static final Name PROMPT_TOKENS_DETAILS = Name.of("prompt_tokens_details");
  private static final Name CACHED_TOKENS = Name.of("cached_tokens");
  private static final String[] KNOWN_FINISH_REASONS = {"length", "stop", "tool_calls", "content_filter", "abort"};
  private static final byte[][] KNOWN_FINISH_REASON_BYTES = {
    ascii("length"), ascii("stop"), ascii("tool_calls"), ascii("content_filter"), ascii("abort")
  };

  private DecodedChunk out;

  // The caller's state of the fields this path writes, restored when it gives up.
  private int savedContentChars;
  private int savedReasoningChars;
  private int savedContentLength;
  private int savedReasoningLength;
  private int savedPromptTokens;
  private int savedCompletionTokens;
  private int savedCachedTokens;
  private String savedFinishReason;

  /**
   * Decodes {@code bytes[offset, offset+length)} into {@code out} when the event is of a shape this path reads.
   *
   * @return true when decoded; false when {@code out} is as it was and the event needs Jackson's path
   */
  boolean decode(byte[] bytes, int offset, int length, DecodedChunk out) {
    if (length > MAX_EVENT_BYTES) {
      return false;
    }
    this.bytes = bytes;
    this.pos = offset;
    this.end = offset + length;
    this.out = out;
    save(out);
    try {
      skipWhitespace();
      expect('{');
      readTopLevel();
      skipWhitespace();
      if (pos != end) {
        throw GIVE_UP;
      }
      return true;
    } catch (GiveUp giveUp) {
      restore(out);
      return false;
    } finally {
      this.bytes = null;
      this.out = null;
    }
  }

  private void save(DecodedChunk chunk) {
    savedContentChars = chunk.contentChars;
    savedReasoningChars = chunk.reasoningChars;
    savedContentLength = chunk.contentText == null ? 0 : chunk.contentText.length();
    savedReasoningLength = chunk.reasoningText == null ? 0 : chunk.reasoningText.length();
    savedPromptTokens = chunk.promptTokens;
    savedCompletionTokens = chunk.completionTokens;
    savedCachedTokens = chunk.cachedTokens;
    savedFinishReason = chunk.finishReason;
  }

  private void restore(DecodedChunk chunk) {
    chunk.contentChars = savedContentChars;
    chunk.reasoningChars = savedReasoningChars;
    if (chunk.contentText != null) {
      chunk.contentText.setLength(savedContentLength);
    }
    if (chunk.reasoningText != null) {
      chunk.reasoningText.setLength(savedReasoningLength);
    }
    chunk.promptTokens = savedPromptTokens;
    chunk.completionTokens = savedCompletionTokens;
    chunk.cachedTokens = savedCachedTokens;
    chunk.finishReason = savedFinishReason;
  }

  // --- The chunk's structure, field by field as ChunkDecoder reads it.

  /** The top-level object after its '{'; an error object ("object":"error", a non-null "error") gives up. */
  private void readTopLevel() {
    if (!firstField()) {
      return;
    }
    do {
      if (nameIs(CHOICES)) {
        readChoices();
      } else if (nameIs(USAGE)) {
        readUsage();
      } else if (nameIs(ERROR)) {
        readLiteralOnly("null", "false");
      } else if (nameIs(OBJECT)) {
        readObjectType();
      } else if (nameIs(CODE)) {
        readCodeValue();
      } else {
        skipValue(0);
      }
    } while (nextField());
  }

  private void readChoices() {
    if (peek() != '[') {
      skipValue(0);
      return;
    }
    pos++;
    if (!firstElement()) {
      return;
    }
    do {
      expect('{');
      readChoice();
    } while (nextElement());
  }

  private void readChoice() {
    if (!firstField()) {
      return;
    }
    do {
      if (nameIs(TEXT)) {
        readText(out.contentText, true);
      } else if (nameIs(DELTA) || nameIs(MESSAGE)) {
        readMessage();
      } else if (nameIs(FINISH_REASON)) {
        readFinishReason();
      } else {
        skipValue(0);
      }
    } while (nextField());
  }

  private void readMessage() {
    if (!enterObject()) {
      return;
    }
    do {
      if (nameIs(CONTENT)) {
        readText(out.contentText, true);
      } else if (nameIs(REASONING_CONTENT) || nameIs(REASONING)) {
        readText(out.reasoningText, false);
      } else if (nameIs(TOOL_CALLS) && out.toolCalls != null && peek() == '[') {
        throw GIVE_UP; // kept tool calls: Jackson's path assembles them
      } else {
        skipValue(0);
      }
    } while (nextField());
  }

  /**
   * Steps into the object at the cursor, at its first field's value; false when the value is not an object (skipped)
   * or is empty.
   */
  private boolean enterObject() {
    if (peek() != '{') {
      skipValue(0);
      return false;
    }
    pos++;
    return firstField();
  }

  private void readUsage() {
    if (!enterObject()) {
      return;
    }
    do {
      if (nameIs(PROMPT_TOKENS)) {
        out.promptTokens = readCount();
      } else if (nameIs(COMPLETION_TOKENS)) {
        out.completionTokens = readCount();
      } else if (nameIs(PROMPT_TOKENS_DETAILS)) {
        readPromptDetails();
      } else {
        skipValue(0);
      }
    } while (nextField());
  }

  private void readPromptDetails() {
    if (!enterObject()) {
      return;
    }
    do {
      if (nameIs(CACHED_TOKENS)) {
        out.cachedTokens = readCount();
      } else {
        skipValue(0);
      }
    } while (nextField());
  }

  /** A string's character count into content or reasoning (and its text when kept); other values are skipped. */
  private void readText(StringBuilder sink, boolean content) {
    if (peek() != '"') {
      skipValue(0);
      return;
    }
    int chars = scanString(sink);
    if (content) {
      out.contentChars += chars;
    } else {
      out.reasoningChars += chars;
    }
  }

  /** A plain ASCII string, kept as one of the usual reasons without a new String; null leaves the last one. */
  private void readFinishReason() {
    byte first = peek();
    if (first != '"') {
      skipScalar(); // Jackson's path does not skip a structure here: those go to it
      return;
    }
    scanString(null);
    if (!stringPlain) {
      throw GIVE_UP;
    }
    for (int i = 0; i < KNOWN_FINISH_REASON_BYTES.length; i++) {
      if (rangeIs(stringStart, stringEnd - stringStart, KNOWN_FINISH_REASON_BYTES[i])) {
        out.finishReason = KNOWN_FINISH_REASONS[i];
        return;
      }
    }
    out.finishReason = new String(bytes, stringStart, stringEnd - stringStart, StandardCharsets.US_ASCII);
  }

  /** The "object" field: any plain string but "error" (errors go to Jackson's path), or a scalar. */
  private void readObjectType() {
    if (peek() != '"') {
      skipScalar();
      return;
    }
    scanString(null);
    if (!stringPlain || rangeIs(stringStart, stringEnd - stringStart, ERROR.bytes())) {
      throw GIVE_UP;
    }
  }

  /** A top-level "code": only an error's; an integer too long for an int goes to Jackson (which rejects it). */
  private void readCodeValue() {
    byte first = peek();
    if (first == '-' || (first >= '0' && first <= '9')) {
      scanNumber();
      if (numberIsInt && numberDigits > MAX_COUNT_DIGITS) {
        throw GIVE_UP;
      }
      return;
    }
    skipValue(0);
  }

  /** An integer count, or -1 for any other value (as JsonTokens.readCount). */
  private int readCount() {
    byte first = peek();
    if (first == '-' || (first >= '0' && first <= '9')) {
      scanNumber();
      if (!numberIsInt) {
        return -1;
      }
      if (numberDigits > MAX_COUNT_DIGITS) {
        throw GIVE_UP;
      }
      return numberValue;
    }
    skipValue(0);
    return -1;
  }

  /** One of the given literals (e.g. "error": null); anything else gives up. */
  private void readLiteralOnly(String literal, String other) {
    byte first = peek();
    if (first == literal.charAt(0)) {
      expectLiteral(literal);
    } else if (first == other.charAt(0)) {
      expectLiteral(other);
    } else {
      throw GIVE_UP;
    }
  }
}
