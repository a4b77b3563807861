package io.inferenceperf.config;

/**
 * The {@code server} section.
 *
 * @param modelName null means "ask GET /v1/models and take the first"
 * @param baseUrl e.g. http://localhost:8000; null only when the type is {@link ServerType#inProcess()} (the embedded
 *     simulator's URL is used)
 * @param apiKey sent as "Authorization: Bearer KEY"; redacted in the written config.yaml
 * @param certPath PEM client certificate for mTLS with an https base_url, or null
 * @param keyPath PEM (PKCS#8) private key of that certificate, or null
 */
public record ServerConfig(
    ServerType type, String modelName, String baseUrl, boolean ignoreEos, String apiKey, String certPath,
    String keyPath) {

  /** Without a client certificate. */
  public ServerConfig(ServerType type, String modelName, String baseUrl, boolean ignoreEos, String apiKey) {
    this(type, modelName, baseUrl, ignoreEos, apiKey, null, null);
  }

  public enum ServerType {
    VLLM("vllm"),
    SGLANG("sglang"),
    TGI("tgi"),
    /** Our extension: start the built-in simulator in-process on a free loopback port. */
    SIMULATOR("simulator"),
    /**
     * inference-perf's mock client, which sends nothing; here requests go to the built-in simulator in-process, as
     * with SIMULATOR, and the run says that no real server was measured.
     */
    MOCK("mock");

    public final String yamlName;

    ServerType(String yamlName) {
      this.yamlName = yamlName;
    }

    /** Whether the run starts the built-in simulator in-process and sends to it (no base_url is used). */
    public boolean inProcess() {
      return this == SIMULATOR || this == MOCK;
    }
  }
}
