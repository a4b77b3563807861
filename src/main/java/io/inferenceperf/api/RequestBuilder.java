package io.inferenceperf.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ServerConfig;
import io.inferenceperf.data.ContentPart;
import io.inferenceperf.data.Prompt;
import io.inferenceperf.record.HeaderCapture;
import io.inferenceperf.record.MediaStats;
import io.inferenceperf.record.PreparedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns prompts into {@link PreparedRequest}s for the OpenAI completion or chat API or the Anthropic Messages API,
 * the way inference-perf shapes its bodies. Runs off the I/O threads, ahead of each request's send time. Thread-safe and immutable.
 *
 * <p>Bodies: completion {@code {"model","prompt","max_tokens","ignore_eos","stream"[,"stream_options"]}}, chat
 * {@code {"model","messages":[{"role":"user","content"}],"max_tokens","ignore_eos","stream"[,"stream_options"]}}.
 * Anthropic {@code {"model","messages":[{"role":"user","content"}],"max_tokens","stream"}}: no ignore_eos, no
 * stream_options (its events always carry usage), no response_format.
 * When streaming, {@code stream_options.include_usage} is always requested so the server reports exact counts.
 * When the prompts are already templated (data.use_chat_template with the completion API), the completion body
 * ends with {@code "add_special_tokens": false} so the server does not add a second BOS to the template's own.
 *
 * <p>Headers are merged once and shared by every request (the transport caches their encoding by identity):
 * Content-Type, then the api key when one is set ({@code Authorization: Bearer}, or for Anthropic {@code x-api-key}
 * with {@code anthropic-version: 2023-06-01}), then {@code api.headers}, each later name replacing an
 * earlier one case-insensitively. Turns of multi-turn sessions add their own (session id, session token) on top.
 *
 * <p>With {@code api.response_format} the completion and chat bodies end with its wire form, encoded once.
 */
public final class RequestBuilder {

  /** inference-perf's hard-coded max_tokens, used when a prompt does not ask for a length (maxTokens == 0). */
  public static final int DEFAULT_MAX_TOKENS = 30;

  /** The Messages API version sent with an api key, as inference-perf sends it. */
  public static final String ANTHROPIC_VERSION = "2023-06-01";

  private static final JsonFactory JSON = new JsonFactory();
  private static final ThreadLocal<ByteArrayBuilder> BODY_BUFFER =
      ThreadLocal.withInitial(() -> new ByteArrayBuilder(4096));

  private final ApiConfig.ApiType type;
  private final boolean streaming;
  private final boolean ignoreEos;
  private final Map<String, String> headers;
  private final boolean noSpecialTokens;
  /** The response_format value as JSON text, or null. */
  private final String responseFormatJson;

  /** A builder for prompts sent as they are (not pre-templated). */
  public RequestBuilder(ApiConfig api, ServerConfig server) {
    this(api, server, false);
  }

  /**
   * @param promptsTemplated whether the prompt text already carries the chat template's special tokens
   *     ({@code data.use_chat_template}); with the completion API the body then asks the server not to add its own
   */
  public RequestBuilder(ApiConfig api, ServerConfig server, boolean promptsTemplated) {
    if (api.type() == ApiConfig.ApiType.AUTO) {
      throw new IllegalArgumentException("api.type auto is resolved to completion or chat before requests are built");
    }
    this.type = api.type();
    this.streaming = api.streaming();
    this.ignoreEos = server.ignoreEos();
    this.headers = mergeHeaders(server.apiKey(), api.headers(), type == ApiConfig.ApiType.ANTHROPIC_MESSAGES);
    this.noSpecialTokens = promptsTemplated && type == ApiConfig.ApiType.COMPLETION;
    this.responseFormatJson = api.responseFormat() == null || type == ApiConfig.ApiType.ANTHROPIC_MESSAGES
        ? null : json(api.responseFormat().wireForm());
  }

  /** The request for {@code prompt}, naming {@code model} (the served model or a LoRA adapter). */
  public PreparedRequest build(String model, Prompt prompt) {
    int maxTokens = prompt.maxTokens() > 0 ? prompt.maxTokens() : DEFAULT_MAX_TOKENS;
    boolean withMedia = prompt.media() != null && type == ApiConfig.ApiType.CHAT;
    byte[] body = encodeBody(model, prompt.text(), withMedia ? prompt.media().parts() : null, maxTokens);
    return new PreparedRequest(type.path, body, headers, model, streaming, prompt.promptTokens(),
        type == ApiConfig.ApiType.CHAT, type == ApiConfig.ApiType.ANTHROPIC_MESSAGES, null,
        withMedia ? prompt.media().stats() : MediaStats.NONE);
  }

  /**
   * The request for {@code prompt} with {@code extraHeaders} on top of the shared ones (each replacing a shared one
   * of the same name, case-insensitively), handing response header {@code capture} (may be null) to its sink.
   */
  public PreparedRequest build(String model, Prompt prompt, Map<String, String> extraHeaders, HeaderCapture capture) {
    PreparedRequest plain = build(model, prompt);
    Map<String, String> merged = extraHeaders.isEmpty() ? headers : mergeOnto(headers, extraHeaders);
    return new PreparedRequest(plain.path(), plain.body(), merged, plain.model(), plain.streaming(),
        plain.clientPromptTokens(), plain.chat(), plain.anthropic(), capture, plain.media());
  }

  /** The merged headers every request carries. */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * Encodes with the preparing thread's body buffer, emptied: reused from body to body, so a body costs one array of
   * its exact size. What the buffer keeps is bounded: reset drops all but its last block, of at most 128 KiB.
   */
  private byte[] encodeBody(String model, String text, List<ContentPart> parts, int maxTokens) {
    ByteArrayBuilder out = BODY_BUFFER.get();
    out.reset();
    return encodeBody(out, model, text, parts, maxTokens);
  }

  private byte[] encodeBody(ByteArrayBuilder out, String model, String text, List<ContentPart> parts, int maxTokens) {
    try (JsonGenerator gen = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      gen.writeStartObject();
      gen.writeStringField("model", model);
      if (ApiConfig.messagesApi(type)) {
        gen.writeArrayFieldStart("messages");
        gen.writeStartObject();
        gen.writeStringField("role", "user");
        if (parts == null) {
          gen.writeStringField("content", text);
        } else {
          gen.writeFieldName("content");
          ContentParts.write(gen, parts);
        }
        gen.writeEndObject();
        gen.writeEndArray();
      } else {
        gen.writeStringField("prompt", text);
      }
      gen.writeNumberField("max_tokens", maxTokens);
      if (type == ApiConfig.ApiType.ANTHROPIC_MESSAGES) {
        gen.writeBooleanField("stream", streaming);
        gen.writeEndObject();
        gen.flush();
        return out.toByteArray();
      }
      gen.writeBooleanField("ignore_eos", ignoreEos);
      gen.writeBooleanField("stream", streaming);
      if (streaming) {
        gen.writeObjectFieldStart("stream_options");
        gen.writeBooleanField("include_usage", true);
        gen.writeEndObject();
      }
      if (noSpecialTokens) {
        gen.writeBooleanField("add_special_tokens", false);
      }
      if (responseFormatJson != null) {
        gen.writeFieldName("response_format");
        gen.writeRawValue(responseFormatJson);
      }
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a request body in memory failed", e);
    }
    return out.toByteArray();
  }

  static Map<String, String> mergeHeaders(String apiKey, Map<String, String> extra, boolean anthropic) {
    Map<String, String> merged = new LinkedHashMap<>();
    putReplacing(merged, "Content-Type", "application/json");
    if (apiKey != null && !apiKey.isBlank() && anthropic) {
      putReplacing(merged, "x-api-key", apiKey.strip());
      putReplacing(merged, "anthropic-version", ANTHROPIC_VERSION);
    } else if (apiKey != null && !apiKey.isBlank()) {
      putReplacing(merged, "Authorization", "Bearer " + apiKey.strip());
    }
    if (extra != null) {
      extra.forEach((name, value) -> putReplacing(merged, name, value == null ? "" : value));
    }
    return Collections.unmodifiableMap(merged);
  }

  static Map<String, String> mergeOnto(Map<String, String> base, Map<String, String> extra) {
    Map<String, String> merged = new LinkedHashMap<>(base);
    extra.forEach((name, value) -> putReplacing(merged, name, value == null ? "" : value));
    return Collections.unmodifiableMap(merged);
  }

  private static String json(Object value) {
    try {
      return new ObjectMapper().writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("api.response_format cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  private static void putReplacing(Map<String, String> headers, String name, String value) {
    checkHeaderText(name, name);
    checkHeaderText(name, value);
    headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
    headers.put(name, value);
  }

  /** CR or LF in a header would split the request on the wire; the config must not be able to do that. */
  private static void checkHeaderText(String name, String text) {
    if (name.isBlank() || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(
          "api.headers: header '" + name.strip() + "' has an empty name or a line break; fix it in the config");
    }
  }
}
