/**
 * Server metrics: what the model server itself saw during each stage and the whole run, read from Prometheus
 * (or, as a fallback, by scraping the server's /metrics endpoints directly) and written as
 * {@code summary_prometheus_metrics.json} and {@code stage_N_prometheus_metrics.json}.
 *
 * <p>Entry point: {@link io.inferenceperf.servermetrics.ServerMetricsCollector}. Pure parts: the metric
 * catalog per server type ({@link io.inferenceperf.servermetrics.ServerMetricCatalog}), PromQL text
 * ({@link io.inferenceperf.servermetrics.PromQl}), the window math ({@link
 * io.inferenceperf.servermetrics.WindowMath}), the exposition-format parser ({@link
 * io.inferenceperf.servermetrics.PrometheusTextParser}), the report shape and the text table. I/O parts: the
 * Prometheus HTTP API client, Google access tokens (google-auth-library), and the direct scraper.
 *
 * <p>Errors never escape: a Prometheus that is down, slow or missing a metric yields a report that says so.
 *
 * <p>May import: config, time.
 */
package io.inferenceperf.servermetrics;
