package io.inferenceperf.config;

import java.util.List;

/**
 * The {@code metrics} section: where server-side metrics come from. A null {@code prometheus} with type DEFAULT
 * means none are collected.
 */
public record MetricsConfig(MetricsType type, PrometheusConfig prometheus) {

  public enum MetricsType {
    DEFAULT("default"),
    PROMETHEUS("prometheus");

    public final String yamlName;

    MetricsType(String yamlName) {
      this.yamlName = yamlName;
    }
  }

  /** {@code metrics.prometheus}. */
  public record PrometheusConfig(String url, int scrapeIntervalSeconds, List<String> filters, boolean googleManaged) {}

  public static MetricsConfig none() {
    return new MetricsConfig(MetricsType.DEFAULT, null);
  }
}
