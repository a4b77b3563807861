package io.inferenceperf.api;

import static io.inferenceperf.api.JsonTokens.next;
import static io.inferenceperf.api.JsonTokens.readCount;
import static io.inferenceperf.api.JsonTokens.readText;
import static io.inferenceperf.api.JsonTokens.skipValue;
import static io.inferenceperf.api.JsonTokens.textIs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;

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
 *   <li>tool calls, only when the chunk keeps them: a {@code tool_use} block's {@code id} and {@code name} (its
 *       {@code content_block_start}, or the block of a whole body with its {@code input}), and the
 *       {@code partial_json} of {@code input_json_delta} events, by the event's {@code index};
 *   <li>errors: {@code {"type":"error","error":{"type","message"}}}, the error type mapped to its HTTP status.
 * </ul>
 *
 * {@code message_start}, {@code ping}, {@code content_block_stop} and {@code message_delta} carry no token. Thread-safe:
 * each thread decodes with its own parser.
 */
public final class AnthropicDecoder {

  private static final ThreadLocal<ReusableObjectParser> PER_THREAD =
      ThreadLocal.withInitial(() -> new ReusableObjectParser(AnthropicDecoder::readEvent));
  private static final JsonFactory JSON = new JsonFactory();

  private AnthropicDecoder() {}

  /**
   * Decodes one JSON object from {@code bytes[offset, offset+length)} into {@code out} (which the caller reset).
   *
   * @throws IOException when the bytes are not one complete, well-formed JSON object
   */
  public static void decode(byte[] bytes, int offset, int length, DecodedChunk out) throws IOException {
    PER_THREAD.get().decode(bytes, offset, length, out);
  }

  private static void readEvent(JsonParser p, DecodedChunk out) throws IOException {
    readObject(p, out);
    if (out.toolCalls != null) {
      out.toolCalls.endEvent();
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
        case "index", "id", "name", "partial_json", "input" -> readToolPiece(name, p, value, out.toolCalls);
        default -> skipValue(p);
      }
    }
  }

  /** A field that may belong to a tool call: kept as pending when tool calls are kept, else skipped. */
  private static void readToolPiece(String name, JsonParser p, JsonToken value, ToolCallAccumulator calls)
      throws IOException {
    if (calls == null) {
      skipValue(p);
      return;
    }
    if (name.equals("input")) {
      if (value == JsonToken.START_OBJECT) {
        calls.pendingInput(copyObject(p));
      } else {
        skipValue(p);
      }
      return;
    }
    if (name.equals("index")) {
      calls.pendingIndex(readCount(p, value));
      return;
    }
    if (value != JsonToken.VALUE_STRING) {
      skipValue(p);
      return;
    }
    switch (name) {
      case "id" -> calls.pendingId(p.getText());
      case "name" -> calls.pendingName(p.getText());
      default -> calls.pendingFragment(p.getText());
    }
  }

  /** The object whose START_OBJECT is current, as compact JSON text. */
  private static String copyObject(JsonParser p) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(text)) {
      g.copyCurrentEvent(p);
      int depth = 1;
      while (depth > 0) {
        JsonToken token = next(p);
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        }
        g.copyCurrentEvent(p);
      }
    }
    return text.toString();
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
    } else if (out.toolCalls != null && textIs(p, "tool_use")) {
      out.toolCalls.pendingToolUse();
    }
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
    int position = 0;
    while ((item = next(p)) != JsonToken.END_ARRAY) {
      if (out.toolCalls != null) {
        out.toolCalls.clearPending();
      }
      readNested(p, item, out);
      if (out.toolCalls != null) {
        out.toolCalls.endBlock(position++);
      }
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
}
