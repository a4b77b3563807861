package io.inferenceperf.record;

import java.util.Map;

/**
 * A request ready for the wire, built off the I/O threads before its send time.
 *
 * @param path the URL path, e.g. /v1/completions
 * @param body the JSON body bytes
 * @param headers extra headers (Content-Type, Authorization and api.headers already merged)
 * @param model the model name sent in the body
 * @param streaming whether the response is SSE
 * @param clientPromptTokens the client's count of input tokens, or -1
 * @param chat whether this is the chat API
 * @param anthropic whether this is the Anthropic Messages API (decides how response events are decoded)
 * @param headerCapture a response header to hand to someone (a session's token), or null
 * @param media the media the body carries ({@link MediaStats#NONE} for text only)
 */
public record PreparedRequest(
    String path,
    byte[] body,
    Map<String, String> headers,
    String model,
    boolean streaming,
    int clientPromptTokens,
    boolean chat,
    boolean anthropic,
    HeaderCapture headerCapture,
    MediaStats media) {

  public PreparedRequest {
    media = media == null ? MediaStats.NONE : media;
  }

  /** An OpenAI-format request without media that captures no header. */
  public PreparedRequest(String path, byte[] body, Map<String, String> headers, String model, boolean streaming,
      int clientPromptTokens, boolean chat) {
    this(path, body, headers, model, streaming, clientPromptTokens, chat, false, null, MediaStats.NONE);
  }

  /** A request without media. */
  public PreparedRequest(String path, byte[] body, Map<String, String> headers, String model, boolean streaming,
      int clientPromptTokens, boolean chat, boolean anthropic, HeaderCapture headerCapture) {
    this(path, body, headers, model, streaming, clientPromptTokens, chat, anthropic, headerCapture, MediaStats.NONE);
  }

  /** The same request with other headers (e.g. the trace context added). */
  public PreparedRequest withHeaders(Map<String, String> newHeaders) {
    return new PreparedRequest(path, body, newHeaders, model, streaming, clientPromptTokens, chat, anthropic,
        headerCapture, media);
  }

}
