package io.inferenceperf.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;

/**
 * Decodes OpenAI response JSON with Jackson's streaming parser (no tree, no data binding): streamed chunks of both
 * APIs and whole non-streaming bodies share one walker, which accepts every place the servers put generated text:
 *
 * <ul>
 *   <li>{@code choices[*].text} (completion API) and {@code choices[*].delta.content} /
 *       {@code choices[*].message.content} (chat API) count as content;
 *   <li>{@code reasoning_content} or {@code reasoning} inside {@code delta} or {@code message} count as reasoning;
 *   <li>{@code usage.{prompt_tokens,completion_tokens,prompt_tokens_details.cached_tokens}};
 *   <li>errors: {@code {"error":{"message","code"}}}, {@code {"error":"text"}} or vLLM's
 *       {@code {"object":"error","message","code"}}.
 * </ul>
 *
 * A role-only delta ({@code {"role":"assistant","content":""}}) and a usage-only chunk ({@code "choices":[]}) leave
 * both character counts at zero: they carry no token. Thread-safe: each thread decodes with its own parser.
 */
public final class ChunkDecoder {

  private static final JsonFactory JSON = new JsonFactory();
  private static final ThreadLocal<ChunkDecoder> PER_THREAD = ThreadLocal.withInitial(ChunkDecoder::new);

  /**
   * One non-blocking parser fed each payload in turn as a new root-level value: unlike a parser per payload, this
   * allocates nothing per event. Replaced after malformed input, whose leftover state it could carry.
   */
  private JsonParser parser;

  private ChunkDecoder() {}

  /**
   * Decodes one JSON object from {@code bytes[offset, offset+length)} into {@code out} (which the caller reset),
   * with the calling thread's decoder.
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
      readTopLevel(p, out);
      if (p.nextToken() != JsonToken.NOT_AVAILABLE) {
        throw new JsonParseException(p, "unexpected content after the JSON object");
      }
    } catch (IOException | RuntimeException malformed) {
      parser = null;
      p.close();
      throw malformed instanceof IOException io ? io : new JsonParseException(p, malformed.toString());
    }
  }

  /** The next token; running out of input inside the object means it was truncated. */
  private static JsonToken next(JsonParser p) throws IOException {
    JsonToken token = p.nextToken();
    if (token == JsonToken.NOT_AVAILABLE || token == null) {
      throw new JsonParseException(p, "truncated JSON");
    }
    return token;
  }

  /** Skips the value whose first token is current (skipChildren would spin on a truncated non-blocking input). */
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
        case "object" -> objectIsError = value == JsonToken.VALUE_STRING && textIs(p, "error");
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
            out.finishReason = p.getText();
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
        default -> skipValue(p);
      }
    }
  }

  private static void readContent(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    out.contentChars += readText(p, value, out.contentText);
  }

  private static void readReasoning(JsonParser p, JsonToken value, DecodedChunk out) throws IOException {
    out.reasoningChars += readText(p, value, out.reasoningText);
  }

  /** A string value's length, appended to {@code sink} when text is kept; anything else is skipped (0). */
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

  /** A count, or -1 when null or not a number (servers send {@code "usage": null} and nulls inside usage). */
  private static int readCount(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return p.getIntValue();
    }
    skipValue(p);
    return -1;
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

  /** Compares the current string value without materialising it (every chunk has an "object" field). */
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

  private static String skip(JsonParser p) throws IOException {
    skipValue(p);
    return null;
  }
}
