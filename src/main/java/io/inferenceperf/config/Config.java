package io.inferenceperf.config;

import java.util.List;

/**
 * The whole, validated benchmark configuration: the same sections and keys as inference-perf's YAML (snake_case
 * in YAML, camelCase here). A run is a function of this value. Instances are produced by the config loader, which
 * merges defaults, the YAML file and the CLI overrides and reports every problem at once.
 *
 * @param simulator our extension: options for the built-in simulator when {@code server.type: simulator}
 */
public record Config(
    ApiConfig api,
    DataConfig data,
    LoadConfig load,
    ServerConfig server,
    MetricsConfig metrics,
    ReportConfig report,
    StorageConfig storage,
    TokenizerConfig tokenizer,
    List<CircuitBreakerConfig> circuitBreakers,
    SimulatorSection simulator) {

  /** This config with another {@code api} section (api.type auto, once resolved). */
  public Config withApi(ApiConfig resolved) {
    return new Config(resolved, data, load, server, metrics, report, storage, tokenizer, circuitBreakers, simulator);
  }
}
