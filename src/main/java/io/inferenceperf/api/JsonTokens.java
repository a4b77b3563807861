package io.inferenceperf.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Token-level reading shared by the streaming event decoders ({@link ChunkDecoder}, {@link AnthropicDecoder}). */
final class JsonTokens {

  private JsonTokens() {}

  /** The next token; running out of input inside the object means it was truncated. */
  static JsonToken next(JsonParser p) throws IOException {
    JsonToken token = p.nextToken();
    if (token == JsonToken.NOT_AVAILABLE || token == null) {
      throw new JsonParseException(p, "truncated JSON");
    }
    return token;
  }

  /** Skips the value whose first token is current (skipChildren would spin on a truncated non-blocking input). */
  static void skipValue(JsonParser p) throws IOException {
    if (!p.currentToken().isStructStart()) {
      return;
    }
    int depth = 1;
    while (depth > 0) {
      JsonToken token = next(p);
      if (token.isStructStart()) {
        depth++;
      } else if (token.isStructEnd()) {
        depth--;
      }
    }
  }

  /** Compares the current string value without materialising it (every event has a type or object field). */
  static boolean textIs(JsonParser p, String expected) throws IOException {
    int length = p.getTextLength();
    if (length != expected.length()) {
      return false;
    }
    char[] chars = p.getTextCharacters();
    int offset = p.getTextOffset();
    for (int i = 0; i < length; i++) {
      if (chars[offset + i] != expected.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** A string value's length, appended to {@code sink} when text is kept; anything else is skipped (0). */
  static int readText(JsonParser p, JsonToken value, StringBuilder sink) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      skipValue(p);
      return 0;
    }
    if (sink != null) {
      sink.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }
    return p.getTextLength();
  }

  /** A count, or -1 when null or not a number (servers send {@code "usage": null} and nulls inside usage). */
  static int readCount(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return p.getIntValue();
    }
    skipValue(p);
    return -1;
  }
}
