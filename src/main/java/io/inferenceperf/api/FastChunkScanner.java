package io.inferenceperf.api;

import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link ChunkDecoder}: a hand-written scanner over an event's bytes for the chunk shapes servers
 * stream for every token (text or content deltas, role preludes, finish reasons, usage). It accepts only a strict
 * subset of JSON that Jackson reads to the same result, and gives up on anything else (tool calls being kept,
 * errors, escapes beyond JSON's own, ill-formed UTF-8, deep nesting, unusual numbers, malformed or truncated
 * input): the caller then decodes the event with Jackson from the state it had before, so the outcome is
 * Jackson's by construction. Allocates nothing, except the String of a finish reason outside the usual ones (as
 * Jackson's path does). Not thread-safe: {@link ChunkDecoder} keeps one per thread.
 */
final class FastChunkScanner {

  /** Thrown (preallocated, without a stack trace) to give the event up to Jackson. */
  private static final class GiveUp extends RuntimeException {
    GiveUp() {
      super("fast path gave up", null, false, false);
    }
  }

  /** A field name this path looks for; {@code key} packs its first 8 bytes, as {@link #readName} does. */
  private record Name(byte[] bytes, long key) {
    static Name of(String name) {
      byte[] bytes = ascii(name);
      long key = 0;
      for (int i = 0; i < Math.min(8, bytes.length); i++) {
        key = (key << 8) | bytes[i];
      }
      return new Name(bytes, key);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();
  /** Well inside Jackson's own limits on string length and nesting, so they never differ. */
  private static final int MAX_EVENT_BYTES = 1 << 20;
  private static final int MAX_SKIPPED_DEPTH = 16;
  private static final int MAX_NUMBER_CHARS = 64;
  private static final int MAX_NAME_BYTES = 256;
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

  private byte[] bytes;
  private int pos;
  private int end;
  private DecodedChunk out;
  private int nameStart;
  private int nameLength;
  /** The name's first 8 bytes packed (names hold no bytes below 0x20, so for short names this is the name). */
  private long nameKey;
  /** The last string's bytes between its quotes, and whether it held an escape or a non-ASCII byte. */
  private int stringStart;
  private int stringEnd;
  private boolean stringPlain;
  /** The last number: an integer (no fraction or exponent), its value when it has few enough digits. */
  private boolean numberIsInt;
  private int numberDigits;
  private int numberValue;

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
    skipWhitespace();
    if (peek() == ']') {
      pos++;
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
    if (peek() != '{') {
      skipValue(0);
      return;
    }
    pos++;
    if (!firstField()) {
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

  private void readUsage() {
    if (peek() != '{') {
      skipValue(0);
      return;
    }
    pos++;
    if (!firstField()) {
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
    if (peek() != '{') {
      skipValue(0);
      return;
    }
    pos++;
    if (!firstField()) {
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

  // --- JSON syntax, strict.

  /** After an object's '{': true with the first field's name read and its value next, false for {}. */
  private boolean firstField() {
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return false;
    }
    readName();
    return true;
  }

  /** After a field's value: true with the next name read, false after the object's '}'. */
  private boolean nextField() {
    skipWhitespace();
    byte b = next();
    if (b == '}') {
      return false;
    }
    if (b != ',') {
      throw GIVE_UP;
    }
    skipWhitespace();
    readName();
    return true;
  }

  /** After an array element: true with the next element next, false after the array's ']'. */
  private boolean nextElement() {
    skipWhitespace();
    byte b = next();
    if (b == ']') {
      return false;
    }
    if (b != ',') {
      throw GIVE_UP;
    }
    skipWhitespace();
    return true;
  }

  /** A field name of plain ASCII (names with escapes or other bytes go to Jackson), then the colon. */
  private void readName() {
    expect('"');
    byte[] in = bytes;
    int limit = end;
    int start = pos;
    int at = start;
    long key = 0;
    while (true) {
      if (at >= limit) {
        throw GIVE_UP;
      }
      byte b = in[at++];
      if (b == '"') {
        break;
      }
      if (b < 0x20 || b == '\\') { // negative: a non-ASCII byte
        throw GIVE_UP;
      }
      if (at - start <= 8) {
        key = (key << 8) | b;
      }
    }
    pos = at;
    nameKey = key;
    nameStart = start;
    nameLength = at - 1 - start;
    if (nameLength > MAX_NAME_BYTES) {
      throw GIVE_UP;
    }
    skipWhitespace();
    expect(':');
    skipWhitespace();
  }

  private boolean nameIs(Name name) {
    return nameKey == name.key() && nameLength == name.bytes().length
        && (nameLength <= 8 || rangeIs(nameStart, nameLength, name.bytes()));
  }

  private boolean rangeIs(int start, int length, byte[] expected) {
    if (length != expected.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (bytes[start + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** Skips one value of any kind, nested at most {@link #MAX_SKIPPED_DEPTH} deep. */
  private void skipValue(int depth) {
    byte b = peek();
    if (b == '{') {
      skipObject(depth + 1);
    } else if (b == '[') {
      skipArray(depth + 1);
    } else {
      skipScalar();
    }
  }

  private void skipObject(int depth) {
    if (depth > MAX_SKIPPED_DEPTH) {
      throw GIVE_UP;
    }
    pos++;
    if (!firstField()) {
      return;
    }
    do {
      skipValue(depth);
    } while (nextField());
  }

  private void skipArray(int depth) {
    if (depth > MAX_SKIPPED_DEPTH) {
      throw GIVE_UP;
    }
    pos++;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return;
    }
    do {
      skipValue(depth);
    } while (nextElement());
  }

  /** A string, number, true, false or null. */
  private void skipScalar() {
    byte b = peek();
    switch (b) {
      case '"' -> scanString(null);
      case 't' -> expectLiteral("true");
      case 'f' -> expectLiteral("false");
      case 'n' -> expectLiteral("null");
      default -> {
        if (b == '-' || (b >= '0' && b <= '9')) {
          scanNumber();
        } else {
          throw GIVE_UP;
        }
      }
    }
  }

  /** A literal, which must end there (Jackson rejects e.g. nullx; the caller then wants a separator). */
  private void expectLiteral(String literal) {
    for (int i = 0; i < literal.length(); i++) {
      if (next() != literal.charAt(i)) {
        throw GIVE_UP;
      }
    }
    requireValueEnd();
  }

  /**
   * A number in JSON's grammar (no leading zeros, digits after '.' and in the exponent): sets
   * {@link #numberIsInt}, {@link #numberDigits} and, for short integers, {@link #numberValue}.
   */
  private void scanNumber() {
    int start = pos;
    boolean negative = peek() == '-';
    if (negative) {
      pos++;
    }
    int digitsStart = pos;
    int value = 0;
    byte b = peek();
    if (b == '0') {
      pos++;
      if (isDigit(peek())) {
        throw GIVE_UP;
      }
    } else if (b >= '1' && b <= '9') {
      while (isDigit(peek())) {
        value = value * 10 + (bytes[pos] - '0'); // overflows only past MAX_COUNT_DIGITS, then unused
        pos++;
      }
    } else {
      throw GIVE_UP;
    }
    numberDigits = pos - digitsStart;
    numberValue = negative ? -value : value;
    numberIsInt = true;
    if (peek() == '.') {
      pos++;
      requireDigits();
      numberIsInt = false;
    }
    byte exponent = peek();
    if (exponent == 'e' || exponent == 'E') {
      pos++;
      byte sign = peek();
      if (sign == '+' || sign == '-') {
        pos++;
      }
      requireDigits();
      numberIsInt = false;
    }
    if (pos - start > MAX_NUMBER_CHARS) {
      throw GIVE_UP;
    }
    requireValueEnd();
  }

  private void requireDigits() {
    if (!isDigit(peek())) {
      throw GIVE_UP;
    }
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** A scalar must be followed (after whitespace) by a separator within this event. */
  private void requireValueEnd() {
    byte b = peek();
    if (b != ',' && b != '}' && b != ']' && b != ' ' && b != '\n' && b != '\r' && b != '\t') {
      throw GIVE_UP;
    }
  }

  /**
   * A string from its opening quote: returns its length in UTF-16 chars (as Jackson counts them) and appends its
   * decoded text to {@code sink} when not null. JSON's escapes are decoded (each is one char, {@code \\uXXXX}
   * included, paired or not, as Jackson does); UTF-8 must be well formed (4-byte sequences are two chars);
   * unescaped control characters give up.
   */
  private int scanString(StringBuilder sink) {
    expect('"');
    byte[] in = bytes;
    int limit = end;
    int start = pos;
    int at = start;
    boolean plain = true;
    int chars = 0;
    while (true) {
      if (at >= limit) {
        throw GIVE_UP;
      }
      int b = in[at++];
      if (b >= 0x20 && b != '\\' && b != '"') { // plain ASCII: the hot loop, on locals
        chars++;
        if (sink != null) {
          sink.append((char) b);
        }
        continue;
      }
      if (b == '"') {
        break;
      }
      pos = at;
      if (b == '\\') {
        char decoded = escape();
        if (sink != null) {
          sink.append(decoded);
        }
        chars++;
      } else if (b < 0) {
        chars += utf8(b & 0xFF, sink);
      } else {
        throw GIVE_UP; // a control character
      }
      plain = false;
      at = pos;
    }
    pos = at;
    stringStart = start;
    stringEnd = at - 1;
    stringPlain = plain;
    return chars;
  }

  /** After a backslash: the escaped char. */
  private char escape() {
    byte b = next();
    return switch (b) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '/' -> '/';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> {
        int value = 0;
        for (int i = 0; i < 4; i++) {
          value = (value << 4) | hexDigit(next());
        }
        yield (char) value;
      }
      default -> throw GIVE_UP;
    };
  }

  private static int hexDigit(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    throw GIVE_UP;
  }

  /**
   * A well-formed UTF-8 sequence (Unicode's table 3-7) from its first byte {@code lead} (0xC2-0xF4): its UTF-16
   * length, its chars appended to {@code sink} when not null. Anything else gives up.
   */
  private int utf8(int lead, StringBuilder sink) {
    if (lead < 0xC2 || lead > 0xF4) {
      throw GIVE_UP;
    }
    if (lead < 0xE0) {
      int codePoint = ((lead & 0x1F) << 6) | continuation(0x80, 0xBF);
      if (sink != null) {
        sink.append((char) codePoint);
      }
      return 1;
    }
    if (lead < 0xF0) {
      int low = lead == 0xE0 ? 0xA0 : 0x80;
      int high = lead == 0xED ? 0x9F : 0xBF;
      int codePoint = ((lead & 0x0F) << 12) | (continuation(low, high) << 6) | continuation(0x80, 0xBF);
      if (sink != null) {
        sink.append((char) codePoint);
      }
      return 1;
    }
    int low = lead == 0xF0 ? 0x90 : 0x80;
    int high = lead == 0xF4 ? 0x8F : 0xBF;
    int codePoint = ((lead & 0x07) << 18) | (continuation(low, high) << 12) | (continuation(0x80, 0xBF) << 6)
        | continuation(0x80, 0xBF);
    if (sink != null) {
      sink.append(Character.highSurrogate(codePoint)).append(Character.lowSurrogate(codePoint));
    }
    return 2;
  }

  /** A continuation byte within [low, high]: its six payload bits. */
  private int continuation(int low, int high) {
    int b = next() & 0xFF;
    if (b < low || b > high) {
      throw GIVE_UP;
    }
    return b & 0x3F;
  }

  private void skipWhitespace() {
    if (pos < end && bytes[pos] > ' ') {
      return; // the usual case: compact JSON
    }
    skipSomeWhitespace();
  }

  private void skipSomeWhitespace() {
    while (pos < end) {
      byte b = bytes[pos];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return;
      }
      pos++;
    }
  }

  /** The next byte without consuming it; past the event's end, give up (the event was truncated). */
  private byte peek() {
    if (pos >= end) {
      throw GIVE_UP;
    }
    return bytes[pos];
  }

  /** The next byte, consumed; past the event's end, give up. */
  private byte next() {
    if (pos >= end) {
      throw GIVE_UP;
    }
    return bytes[pos++];
  }

  private void expect(char c) {
    if (peek() != c) {
      throw GIVE_UP;
    }
    pos++;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
