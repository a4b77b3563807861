package io.inferenceperf.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;

/**
 * Decodes Anthropic Messages API JSON (stream events and whole bodies) into a {@link DecodedChunk}, with Jackson's
 * streaming parser, in whatever order the fields come:
 *
 * <ul>
 *   <li>{@code content_block_delta}: {@code delta.text} (text_delta) is content, {@code delta.thinking}
 *       (thinking_delta) is reasoning; {@code input_json_delta} carries no text; {@code content_block_start} may
 *       carry a first {@code content_block.text};
 *   <li>a whole body's {@code content[]} blocks: {@code text} and {@code thinking} the same way;
 *   <li>usage from {@code message_start}'s {@code message.usage}, {@code message_delta}'s {@code usage} or the body's:
 *       {@code input_tokens}, {@code output_tokens}, {@code cache_read_input_tokens};
 *   <li>{@code stop_reason} as the finish reason; {@code message_stop} ends the stream;
 *   <li>errors: {@code {"type":"error","error":{"type","message"}}}, the error type mapped to its HTTP status.
 * </ul>
 *
 * {@code message_start}, {@code ping}, {@code content_block_stop} and {@code message_delta} carry no token. Thread-safe:
 * each thread decodes with its own parser.
 */
public final class AnthropicDecoder {

  private static final JsonFactory JSON = new JsonFactory();
  private static final ThreadLocal<AnthropicDecoder> PER_THREAD = ThreadLocal.withInitial(AnthropicDecoder::new);

  /** Reused as in {@link ChunkDecoder}: one non-blocking parser per thread, replaced after malformed input. */
  private JsonParser parser;

  private AnthropicDecoder() {}

  /**
   * Decodes one JSON object from {@code bytes[offset, offset+length)} into {@code out} (which the caller reset).
   *
   * @throws IOException when the bytes are not one complete, well-formed JSON object
   */
  public static void decode(byte[] bytes, int offset, int length, DecodedChunk out) throws IOException {
    PER_THREAD.get().decodeObject(bytes, offset, length, out);
  }

  private void decodeObject(byte[] bytes, int offset, int length, DecodedChunk out) throws IOException {
    if (parser == null) {
      parser = JSON.createNonBlockingByteArrayParser();
    }
    JsonParser p = parser;
    try {
      ((ByteArrayFeeder) p.getNonBlockingInputFeeder()).feedInput(bytes, offset, offset + length);
      if (next(p) != JsonToken.START_OBJECT) {
        throw new JsonParseException(p, "expected a JSON object");
      }
      readObject(p, out);
      if (p.nextToken() != JsonToken.NOT_AVAILABLE) {
        throw new JsonParseException(p, "unexpected content after the JSON object");
      }
    } catch (IOException | RuntimeException malformed) {
      parser = null;
      p.close();
      throw malformed instanceof IOException io ? io : new JsonParseException(p, malformed.toString());
    }
  }

  /**
   * One object at any level: events, {@code message}, {@code delta}, {@code content_block} and content blocks share
   * their field names, so one walker reads them all.
   */
  private static void readObject(JsonParser p, DecodedChunk out) throws IOException {
    while (next(p) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = next(p);
      switch (name) {
        case "type" -> readType(p, value, out);
        case "text" -> out.contentChars += readText(p, value, out.contentText);
        case "thinking" -> out.reasoningChars += readText(p, value, out.reasoningText);
        case "message", "delta", "content_block" -> readNested(p, value, out);
        case "content" -> readBlocks(p, value, out);
        case "usage" -> readUsage(p, value, out);
        case "stop_reason" -> {
          if (value == JsonToken.VALUE_STRING) {
            out.finishReason = p.getText();
          }
        }
        case "error" -> readError(p, value, out);
        default -> skipValue(p);
      }
    }
  }

  private static void readType(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      skipValue(p);
      return;
    }
    if (textIs(p, "message_stop")) {
      out.streamEnd = true;
    } else if (textIs(p, "error")) {
      out.error = true;
    }
  }

  /** Compares the current string value without materialising it (every event and block has a type). */
  private static boolean textIs(JsonParser p, String expected) throws IOException {
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

  private static void readNested(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    if (value == JsonToken.START_OBJECT) {
      readObject(p, out);
    } else {
      skipValue(p);
    }
  }

  private static void readBlocks(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      skipValue(p);
      return;
    }
    JsonToken item;
    while ((item = next(p)) != JsonToken.END_ARRAY) {
      readNested(p, item, out);
    }
  }

  private static void readUsage(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      skipValue(p);
      return;
    }
    while (next(p) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken fieldValue = next(p);
      switch (name) {
        case "input_tokens" -> out.promptTokens = readCount(p, fieldValue);
        case "output_tokens" -> out.completionTokens = readCount(p, fieldValue);
        case "cache_read_input_tokens" -> out.cachedTokens = readCount(p, fieldValue);
        default -> skipValue(p);
      }
    }
  }

  private static void readError(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return;
    }
    out.error = true;
    if (value == JsonToken.VALUE_STRING) {
      out.errorMessage = p.getText();
      return;
    }
    if (value != JsonToken.START_OBJECT) {
      skipValue(p);
      return;
    }
    while (next(p) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken fieldValue = next(p);
      if (name.equals("message") && fieldValue == JsonToken.VALUE_STRING) {
        out.errorMessage = p.getText();
      } else if (name.equals("type") && fieldValue == JsonToken.VALUE_STRING) {
        out.errorCode = statusOf(p.getText());
      } else {
        skipValue(p);
      }
    }
  }

  /** The HTTP status Anthropic documents for each error type; 0 for an unknown one. */
  static int statusOf(String errorType) {
    return switch (errorType) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "api_error" -> 500;
      case "overloaded_error" -> 529;
      default -> 0;
    };
  }

  private static int readText(JsonParser p, JsonToken value, StringBuilder sink) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      skipValue(p);
      return 0;
    }
    if (sink != null) {
      sink.append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }
    return p.getTextLength();
  }

  private static int readCount(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return p.getIntValue();
    }
    skipValue(p);
    return -1;
  }

  private static JsonToken next(JsonParser p) throws IOException {
    JsonToken token = p.nextToken();
    if (token == JsonToken.NOT_AVAILABLE || token == null) {
      throw new JsonParseException(p, "truncated JSON");
    }
    return token;
  }

  private static void skipValue(JsonParser p) throws IOException {
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
}
