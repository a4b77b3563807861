package io.inferenceperf.cli;

import io.inferenceperf.engine.StopSignal;
import java.util.concurrent.CompletableFuture;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.MetricsConfig;
import io.inferenceperf.engine.StageOutcome;
import io.inferenceperf.servermetrics.PrometheusReports;
import io.inferenceperf.servermetrics.ServerMetricsCollector;
import io.inferenceperf.servermetrics.ServerMetricsOptions;
import io.inferenceperf.servermetrics.StageWindow;
import io.inferenceperf.servermetrics.TimeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own view of the run: a Prometheus (or direct /metrics) collector started before the first stage and
 * asked for each stage's window after the last; what it returns is part of the run's results, from which its reports
 * and table are built. A Prometheus that is down or slow never fails the run.
 */
final class ServerMetricsStep implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerMetricsStep.class);

  private final ServerMetricsCollector collector;

  private ServerMetricsStep(ServerMetricsCollector collector) {
    this.collector = collector;
  }

  static ServerMetricsOptions options(MetricsConfig metrics) {
    MetricsConfig.PrometheusConfig p = metrics.prometheus();
    if (p == null) return ServerMetricsOptions.defaults();
    return new ServerMetricsOptions(p.direct(), p.directTargets(), seconds(p.queryTimeoutSeconds()),
        seconds(p.collectTimeoutSeconds()), 0);
  }

  /** Problems of the metrics section that need the server's URL to judge; each names its key. */
  static List<String> problems(Config config, String baseUrl) {
    return ServerMetricsCollector.problems(config.metrics(), options(config.metrics()), baseUrl);
  }

  static ServerMetricsStep start(Config config, String model, String baseUrl) {
    ServerMetricsCollector collector = ServerMetricsCollector.create(config.metrics(), config.server().type(), model,
        baseUrl, options(config.metrics()));
    collector.start();
    return new ServerMetricsStep(collector);
  }

  boolean enabled() {
    return collector.enabled();
  }

  /** Called at each stage start and end: sharpens direct scraping; returns at once. */
  void onStageBoundary() {
    if (collector.enabled()) collector.onStageBoundary();
  }

  /** inference-perf waits at least one scrape interval between stages when per-stage Prometheus reports are on. */
  static long intervalNanos(Config config, long configuredNanos) {
    MetricsConfig metrics = config.metrics();
    boolean perStage = config.report().prometheus().perStage();
    if (metrics.type() != MetricsConfig.MetricsType.PROMETHEUS || metrics.prometheus() == null || !perStage) {
      return configuredNanos;
    }
    long scrapeNanos = Math.max(1, metrics.prometheus().scrapeIntervalSeconds()) * 1_000_000_000L;
    return Math.max(configuredNanos, scrapeNanos);
  }

  /** Asks for each stage's window and the whole run's; {@link PrometheusReports#none()} when disabled. */
  PrometheusReports collect(List<StageOutcome> outcomes) {
    if (!collector.enabled() || outcomes.isEmpty()) return PrometheusReports.none();
    List<StageWindow> windows = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      StageOutcome o = outcomes.get(i);
      windows.add(new StageWindow(i, o.startEpochMillis(), o.endEpochMillis()));
    }
    TimeWindow run = new TimeWindow(outcomes.get(0).startEpochMillis(),
        outcomes.get(outcomes.size() - 1).endEpochMillis());
    LOG.info("collecting server metrics for {} stages", windows.size());
    return collector.collect(windows, run);
  }

  /**
   * As {@link #collect(List)}, abandoned when a signal arrives while it runs (a slow Prometheus may take up to
   * metrics.prometheus.collect_timeout): the reports are then written without the server's metrics. A run stopped
   * before still collects the windows of the stages it ran.
   */
  PrometheusReports collect(List<StageOutcome> outcomes, StopSignal stop) {
    if (!collector.enabled() || outcomes.isEmpty()) return PrometheusReports.none();
    CompletableFuture<PrometheusReports> result = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("server-metrics-collect").start(() -> {
      try {
        result.complete(collect(outcomes));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    if (!stop.stopped()) stop.onStop(() -> result.complete(null));
    PrometheusReports reports;
    try {
      reports = result.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) throw cause;
      throw e;
    }
    if (reports == null) {
      LOG.warn("server metrics not collected: {} arrived while collecting them; the reports go without them",
          stop.reason());
      return PrometheusReports.none();
    }
    return reports;
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }

  @Override
  public void close() {
    collector.close();
  }
}
