package io.inferenceperf.servermetrics;

import java.util.List;
import java.util.Objects;

/**
 * One report field and the metric names that may carry it, in order of preference. Servers renamed metrics
 * across versions (vLLM {@code gpu_cache_usage_perc} became {@code kv_cache_usage_perc}) and exporters differ on
 * the {@code _total} suffix of counters, so the first name that exists on the server is used.
 *
 * @param field report field key, e.g. {@code time_to_first_token}
 * @param candidateNames metric names as stored by Prometheus (for histograms: the name without {@code _bucket})
 */
public record MetricSpec(String field, MetricKind kind, List<String> candidateNames) {
  public MetricSpec {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(kind, "kind");
    candidateNames = List.copyOf(candidateNames);
    if (candidateNames.isEmpty()) {
      throw new IllegalArgumentException("metric spec " + field + " needs at least one candidate name");
    }
  }

  static MetricSpec counter(String field, String... names) {
    return new MetricSpec(field, MetricKind.COUNTER, List.of(names));
  }

  static MetricSpec gauge(String field, String... names) {
    return new MetricSpec(field, MetricKind.GAUGE, List.of(names));
  }

  static MetricSpec histogram(String field, String... names) {
    return new MetricSpec(field, MetricKind.HISTOGRAM, List.of(names));
  }

  /** The series name that proves the metric exists: histograms are probed through their {@code _count}. */
  String probeSeriesName(String name) {
    return kind == MetricKind.HISTOGRAM ? name + "_count" : name;
  }
}
