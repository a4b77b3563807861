package io.inferenceperf.config;

import java.util.Arrays;
import java.util.Map;

/**
 * The {@code api} section.
 *
 * @param headers extra headers sent with every request (names replace defaults case-insensitively); never null
 * @param sloHeaders which of those headers carry per-request SLOs (api.slo_unit, slo_ttft_header, slo_tpot_header)
 * @param responseFormat structured output asked of the server (api.response_format), or null for none
 * @param sessionIdHeader request header carrying a multi-turn session's id (api.session_id_header_key), or null
 * @param sessionTokenHeader response header whose value (a router's session token) is echoed, under the same name,
 *     on the later requests of that session (api.session_token_header_key), or null
 */
public record ApiConfig(
    ApiType type,
    boolean streaming,
    Map<String, String> headers,
    SloHeaders sloHeaders,
    ResponseFormat responseFormat,
    String sessionIdHeader,
    String sessionTokenHeader) {

  public ApiConfig {
    sloHeaders = sloHeaders == null ? SloHeaders.defaults() : sloHeaders;
  }

  public ApiConfig(ApiType type, boolean streaming, Map<String, String> headers, SloHeaders sloHeaders) {
    this(type, streaming, headers, sloHeaders, null, null, null);
  }

  public ApiConfig(ApiType type, boolean streaming, Map<String, String> headers) {
    this(type, streaming, headers, SloHeaders.defaults());
  }

  /** The per-request SLOs in seconds (ttft, tpot) that the configured headers carry; empty when none. */
  public Map<String, Double> headerSloSeconds() {
    return sloHeaders.secondsIn(headers);
  }

  public enum ApiType {
    COMPLETION("completion", "/v1/completions"),
    CHAT("chat", "/v1/chat/completions"),
    /** Anthropic Messages: a user message like chat, its own body, headers and event stream. */
    ANTHROPIC_MESSAGES("anthropic_messages", "/v1/messages"),
    /** Resolved to COMPLETION or CHAT by probing the server's routes before the run; never sent. */
    AUTO("auto", null);

    public final String yamlName;
    public final String path;

    ApiType(String yamlName, String path) {
      this.yamlName = yamlName;
      this.path = path;
    }
  }

  /** Whether prompts are sent as a user message (chat or anthropic_messages), not as a completion prompt. */
  public static boolean messagesApi(ApiType type) {
    return type == ApiType.CHAT || type == ApiType.ANTHROPIC_MESSAGES;
  }

  public ApiConfig withType(ApiType resolved) {
    return new ApiConfig(resolved, streaming, headers, sloHeaders, responseFormat, sessionIdHeader, sessionTokenHeader);
  }

  /** Every key at its default in {@link ConfigSchema}. */
  public static ApiConfig defaults() {
    ApiType type = Arrays.stream(ApiType.values())
        .filter(t -> t.yamlName.equals(SchemaDefaults.string("api.type"))).findFirst().orElseThrow();
    return new ApiConfig(type, SchemaDefaults.bool("api.streaming"), Map.of());
  }
}
