package io.inferenceperf.config;

import java.util.Map;

/**
 * The {@code api} section.
 *
 * @param headers extra headers sent with every request (names replace defaults case-insensitively); never null
 */
public record ApiConfig(ApiType type, boolean streaming, Map<String, String> headers) {

  public enum ApiType {
    COMPLETION("completion", "/v1/completions"),
    CHAT("chat", "/v1/chat/completions");

    public final String yamlName;
    public final String path;

    ApiType(String yamlName, String path) {
      this.yamlName = yamlName;
      this.path = path;
    }
  }

  public static ApiConfig defaults() {
    return new ApiConfig(ApiType.COMPLETION, false, Map.of());
  }
}
