package io.inferenceperf.config;

/**
 * The {@code server} section.
 *
 * @param modelName null means "ask GET /v1/models and take the first"
 * @param baseUrl e.g. http://localhost:8000; null only when type is SIMULATOR (the embedded simulator's URL is used)
 * @param apiKey sent as "Authorization: Bearer KEY"; redacted in the written config.yaml
 */
public record ServerConfig(ServerType type, String modelName, String baseUrl, boolean ignoreEos, String apiKey) {

  public enum ServerType {
    VLLM("vllm"),
    SGLANG("sglang"),
    TGI("tgi"),
    /** Our extension: start the built-in simulator in-process on a free loopback port. */
    SIMULATOR("simulator");

    public final String yamlName;

    ServerType(String yamlName) {
      this.yamlName = yamlName;
    }
  }
}
