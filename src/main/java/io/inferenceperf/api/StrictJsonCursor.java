package io.inferenceperf.api;

import java.nio.charset.StandardCharsets;

/**
 * The JSON syntax under {@link FastChunkScanner}: a cursor over one object's bytes that reads names, strings,
 * numbers and literals, and skips values, accepting only JSON that Jackson reads the same way (see the scanner) and
 * throwing {@link #GIVE_UP} at anything else, including the end of its range. Not thread-safe.
 */
abstract class StrictJsonCursor {

  /** Thrown (preallocated, without a stack trace) to give the event up to Jackson. */
  static final class GiveUp extends RuntimeException {
    GiveUp() {
      super("fast path gave up", null, false, false);
    }
  }

  /** A field name this path looks for; {@code key} packs its first 8 bytes, as {@link #readName} does. */
  record Name(byte[] bytes, long key) {
    static Name of(String name) {
      byte[] bytes = ascii(name);
      long key = 0;
      for (int i = 0; i < Math.min(8, bytes.length); i++) {
        key = (key << 8) | bytes[i];
      }
      return new Name(bytes, key);
    }
  }

  static final GiveUp GIVE_UP = new GiveUp();
  private static final int MAX_SKIPPED_DEPTH = 16;
  private static final int MAX_NUMBER_CHARS = 64;
  private static final int MAX_NAME_BYTES = 256;

  byte[] bytes;
  int pos;
  int end;
  int nameStart;
  int nameLength;
  /** The name's first 8 bytes packed (names hold no bytes below 0x20, so for short names this is the name). */
  long nameKey;
  /** The last string's bytes between its quotes, and whether it held an escape or a non-ASCII byte. */
  int stringStart;
  int stringEnd;
  boolean stringPlain;
  /** The last number: an integer (no fraction or exponent), its value when it has few enough digits. */
  boolean numberIsInt;
  int numberDigits;
  int numberValue;

  /** After an object's '{': true with the first field's name read and its value next, false for {}. */
  boolean firstField() {
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return false;
    }
    readName();
    return true;
  }

  /** After an array's '[': true at its first element, false after the ']' of an empty array. */
  boolean firstElement() {
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return false;
    }
    return true;
  }

  /** After a field's value: true with the next name read, false after the object's '}'. */
  boolean nextField() {
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
  boolean nextElement() {
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

  boolean nameIs(Name name) {
    return nameKey == name.key() && nameLength == name.bytes().length
        && (nameLength <= 8 || rangeIs(nameStart, nameLength, name.bytes()));
  }

  boolean rangeIs(int start, int length, byte[] expected) {
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
  void skipValue(int depth) {
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
    if (!firstElement()) {
      return;
    }
    do {
      skipValue(depth);
    } while (nextElement());
  }

  /** A string, number, true, false or null. */
  void skipScalar() {
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
  void expectLiteral(String literal) {
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
  void scanNumber() {
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
  int scanString(StringBuilder sink) {
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

  void skipWhitespace() {
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
  byte peek() {
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

  void expect(char c) {
    if (peek() != c) {
      throw GIVE_UP;
    }
    pos++;
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
