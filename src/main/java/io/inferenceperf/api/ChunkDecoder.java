package io.inferenceperf.api;

import static io.inferenceperf.api.JsonTokens.next;
import static io.inferenceperf.api.JsonTokens.readCount;
import static io.inferenceperf.api.JsonTokens.readText;
import static io.inferenceperf.api.JsonTokens.skipValue;
import static io.inferenceperf.api.JsonTokens.textIs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Decodes OpenAI response JSON with Jackson's streaming parser (no tree, no data binding): streamed chunks of both
 * APIs and whole non-streaming bodies share one walker, which accepts every place the servers put generated text:
 *
 * <ul>
 *   <li>{@code choices[*].text} (completion API) and {@code choices[*].delta.content} /
 *       {@code choices[*].message.content} (chat API) count as content;
 *   <li>{@code reasoning_content} or {@code reasoning} inside {@code delta} or {@code message} count as reasoning;
 *   <li>{@code tool_calls} inside {@code delta} or {@code message}, only when the chunk keeps tool calls: pieces by
 *       {@code index} (a whole message's list by position); they carry no token, as inference-perf times content;
 *   <li>{@code usage.{prompt_tokens,completion_tokens,prompt_tokens_details.cached_tokens}};
 *   <li>errors: {@code {"error":{"message","code"}}}, {@code {"error":"text"}} or vLLM's
 *       {@code {"object":"error","message","code"}}.
 * </ul>
 *
 * A role-only delta ({@code {"role":"assistant","content":""}}) and a usage-only chunk ({@code "choices":[]}) leave
 * both character counts at zero: they carry no token. Thread-safe: each thread decodes with its own parser.
 *
 * <p>The per-token chunks are first tried by {@link FastChunkScanner}, a byte scanner taking about half the time of
 * Jackson's non-blocking parser; whatever it does not fully handle (kept tool calls, errors, unusual escapes or
 * numbers, malformed input) it gives back untouched, and the walker below decodes it, so the result is the same.
 */
public final class ChunkDecoder {

  /** A thread's two decoders: the byte scanner for the usual shapes, and Jackson's walker for everything else. */
  private record PerThread(FastChunkScanner fast, ReusableObjectParser jackson) {}

  private static final ThreadLocal<PerThread> PER_THREAD = ThreadLocal.withInitial(
      () -> new PerThread(new FastChunkScanner(), new ReusableObjectParser(ChunkDecoder::readTopLevel)));

  private static final String[] KNOWN_FINISH_REASONS = {"length", "stop", "tool_calls", "content_filter", "abort"};

  private ChunkDecoder() {}

  /**
   * Decodes one JSON object from {@code bytes[offset, offset+length)} into {@code out} (which the caller reset),
   * with the calling thread's decoder.
   *
   * @throws IOException when the bytes are not one complete, well-formed JSON object
   */
  public static void decode(byte[] bytes, int offset, int length, DecodedChunk out) throws IOException {
    PerThread decoders = PER_THREAD.get();
    if (!decoders.fast().decode(bytes, offset, length, out)) {
      decoders.jackson().decode(bytes, offset, length, out); // the scanner left out as it was
    }
  }

  /** As {@link #decode}, always with Jackson's walker: the reference the fast path is tested against. */
  static void decodeWithJackson(byte[] bytes, int offset, int length, DecodedChunk out) throws IOException {
    PER_THREAD.get().jackson().decode(bytes, offset, length, out);
  }

  /** Only the fast path: true when it decoded the object, false when it gave up and left {@code out} as it was. */
  static boolean decodeFast(byte[] bytes, int offset, int length, DecodedChunk out) {
    return PER_THREAD.get().fast().decode(bytes, offset, length, out);
  }

  private static void readTopLevel(JsonParser p, DecodedChunk out) throws IOException {
    boolean objectIsError = false;
    String topMessage = null;
    int topCode = 0;
    while (next(p) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = next(p);
      switch (name) {
        case "choices" -> readChoices(p, value, out);
        case "usage" -> readUsage(p, value, out);
        case "error" -> readError(p, value, out);
        case "object" -> objectIsError = value == JsonToken.VALUE_STRING ? textIs(p, "error") : skipFalse(p);
        case "message" -> topMessage = value == JsonToken.VALUE_STRING ? p.getText() : skip(p);
        case "code" -> topCode = readCode(p, value);
        default -> skipValue(p);
      }
    }
    if (objectIsError) {
      out.error = true;
      if (out.errorMessage == null) {
        out.errorMessage = topMessage;
      }
      if (out.errorCode == 0) {
        out.errorCode = topCode;
      }
    }
  }

  private static void readChoices(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      skipValue(p);
      return;
    }
    while (next(p) == JsonToken.START_OBJECT) {
      readChoice(p, out);
    }
  }

  private static void readChoice(JsonParser p, DecodedChunk out) throws IOException {
    while (next(p) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = next(p);
      switch (name) {
        case "text" -> readContent(p, value, out);
        case "delta", "message" -> readMessage(p, value, out);
        case "finish_reason" -> {
          if (value == JsonToken.VALUE_STRING) {
            out.finishReason = finishReason(p);
          } else {
            skipValue(p);
          }
        }
        default -> skipValue(p);
      }
    }
  }

  private static void readMessage(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      skipValue(p);
      return;
    }
    while (next(p) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken fieldValue = next(p);
      switch (name) {
        case "content" -> readContent(p, fieldValue, out);
        case "reasoning_content", "reasoning" -> readReasoning(p, fieldValue, out);
        case "tool_calls" -> readToolCalls(p, fieldValue, out);
        default -> skipValue(p);
      }
    }
  }

  private static void readToolCalls(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    if (value != JsonToken.START_ARRAY || out.toolCalls == null) {
      skipValue(p);
      return;
    }
    int position = 0;
    JsonToken item;
    while ((item = next(p)) != JsonToken.END_ARRAY) {
      if (item == JsonToken.START_OBJECT) {
        readToolCall(p, position, out.toolCalls);
      } else {
        skipValue(p);
      }
      position++;
    }
  }

  /** One entry {index?, id?, type?, function: {name?, arguments?}}; without an index, its position. */
  private static void readToolCall(JsonParser p, int position, ToolCallAccumulator calls) throws IOException {
    int index = -1;
    String id = null;
    String name = null;
    String arguments = null;
    while (next(p) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = next(p);
      switch (field) {
        case "index" -> index = readCount(p, value);
        case "id" -> id = value == JsonToken.VALUE_STRING ? p.getText() : skip(p);
        case "function" -> {
          if (value != JsonToken.START_OBJECT) {
            skipValue(p);
            continue;
          }
          while (next(p) == JsonToken.FIELD_NAME) {
            String inner = p.currentName();
            JsonToken innerValue = next(p);
            if (inner.equals("name") && innerValue == JsonToken.VALUE_STRING) {
              name = p.getText();
            } else if (inner.equals("arguments") && innerValue == JsonToken.VALUE_STRING) {
              arguments = p.getText();
            } else {
              skipValue(p);
            }
          }
        }
        default -> skipValue(p);
      }
    }
    calls.part(index >= 0 ? index : position, id, name, arguments);
  }

  private static void readContent(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    out.contentChars += readText(p, value, out.contentText);
  }

  private static void readReasoning(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    out.reasoningChars += readText(p, value, out.reasoningText);
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
        case "prompt_tokens" -> out.promptTokens = readCount(p, fieldValue);
        case "completion_tokens" -> out.completionTokens = readCount(p, fieldValue);
        case "prompt_tokens_details" -> readPromptDetails(p, fieldValue, out);
        default -> skipValue(p);
      }
    }
  }

  private static void readPromptDetails(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      skipValue(p);
      return;
    }
    while (next(p) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken fieldValue = next(p);
      if (name.equals("cached_tokens")) {
        out.cachedTokens = readCount(p, fieldValue);
      } else {
        skipValue(p);
      }
    }
  }

  private static void readError(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    switch (value) {
      case VALUE_NULL, VALUE_FALSE -> {}
      case VALUE_STRING -> {
        out.error = true;
        out.errorMessage = p.getText();
      }
      case START_OBJECT -> {
        out.error = true;
        readErrorObject(p, out);
      }
      default -> {
        out.error = true;
        skipValue(p);
      }
    }
  }

  private static void readErrorObject(JsonParser p, DecodedChunk out) throws IOException {
    while (next(p) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken fieldValue = next(p);
      switch (name) {
        case "message" -> out.errorMessage = fieldValue == JsonToken.VALUE_STRING ? p.getText() : skip(p);
        case "code" -> out.errorCode = readCode(p, fieldValue);
        default -> skipValue(p);
      }
    }
  }

  /** The reason as a String, without making one for the reasons servers send (one per response otherwise). */
  private static String finishReason(JsonParser p) throws IOException {
    for (String known : KNOWN_FINISH_REASONS) {
      if (textIs(p, known)) return known;
    }
    return p.getText();
  }

  /** An error code: a number, or a string holding digits (some servers send "429"); 0 otherwise. */
  private static int readCode(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return p.getIntValue();
    }
    if (value == JsonToken.VALUE_STRING) {
      String text = p.getText();
      return text.matches("\\d{1,9}") ? Integer.parseInt(text) : 0;
    }
    skipValue(p);
    return 0;
  }

  private static boolean skipFalse(JsonParser p) throws IOException {
    skipValue(p);
    return false;
  }

  private static String skip(JsonParser p) throws IOException {
    skipValue(p);
    return null;
  }
}
