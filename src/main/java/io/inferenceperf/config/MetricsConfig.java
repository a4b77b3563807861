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

  /**
   * {@code metrics.prometheus}.
   *
   * @param direct our extension: scrape the model server's /metrics directly instead of asking a Prometheus
   * @param directTargets our extension: /metrics URLs to scrape in direct mode; empty = {@code <base_url>/metrics}
   * @param queryTimeoutSeconds our extension: limit per Prometheus query
   * @param collectTimeoutSeconds our extension: limit for collecting all server metrics after the run
   */
  public record PrometheusConfig(
      String url,
      int scrapeIntervalSeconds,
      List<String> filters,
      boolean googleManaged,
      boolean direct,
      List<String> directTargets,
      double queryTimeoutSeconds,
      double collectTimeoutSeconds) {

    public PrometheusConfig {
      filters = filters == null ? List.of() : List.copyOf(filters);
      directTargets = directTargets == null ? List.of() : List.copyOf(directTargets);
    }

    /** A Prometheus (not direct) source with the default timeouts of {@link ConfigSchema}. */
    public PrometheusConfig(String url, int scrapeIntervalSeconds, List<String> filters, boolean googleManaged) {
      this(url, scrapeIntervalSeconds, filters, googleManaged, false, List.of(),
          SchemaDefaults.number("metrics.prometheus.query_timeout"),
          SchemaDefaults.number("metrics.prometheus.collect_timeout"));
    }
  }

  public static MetricsConfig none() {
    return new MetricsConfig(MetricsType.DEFAULT, null);
  }
}
