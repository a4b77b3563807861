package io.inferenceperf.servermetrics;

import io.inferenceperf.config.ServerConfig.ServerType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collection from a Prometheus query API (a plain Prometheus or Google Managed Prometheus): check it answers,
 * find the metric names, wait for the scrape after the run's end, then read every window.
 */
final class PrometheusCollection {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusCollection.class);

  private final CollectorEnvironment env;
  private final ServerMetricsOptions options;
  private final ServerType serverType;
  private final List<MetricSpec> specs;
  private final String filters;
  private final long scrapeIntervalMillis;
  private final String prometheusUrl;
  private final boolean googleManaged;

  PrometheusCollection(
      CollectorEnvironment env,
      ServerMetricsOptions options,
      ServerType serverType,
      List<MetricSpec> specs,
      String filters,
      long scrapeIntervalMillis,
      String prometheusUrl,
      boolean googleManaged) {
    this.env = env;
    this.options = options;
    this.serverType = serverType;
    this.specs = specs;
    this.filters = filters;
    this.scrapeIntervalMillis = scrapeIntervalMillis;
    this.prometheusUrl = prometheusUrl;
    this.googleManaged = googleManaged;
  }

  PrometheusReports collect(
      QueryWindow runWindow, Map<Integer, QueryWindow> stageWindows, ExecutorService executor, long deadlineNanos) {
    String endpoint = prometheusUrl;
    AccessTokenSource auth = null;
    String setupError = null;
    if (googleManaged) {
      try {
        GoogleAccessTokens credentials = GoogleAccessTokens.applicationDefault(env);
        endpoint =
            env.googleMonitoringBase()
                + "/v1/projects/"
                + credentials.projectId()
                + "/location/global/prometheus";
        auth = credentials;
      } catch (IOException e) {
        endpoint = env.googleMonitoringBase();
        setupError = "Google Managed Prometheus: " + e.getMessage();
      }
    }
    PrometheusHttpApi api =
        new PrometheusHttpApi(
            endpoint,
            env.httpClient(),
            auth,
            options.queryTimeout(),
            options.maxConcurrentQueries(),
            env.nanoClock()::nanoTime,
            deadlineNanos);
    ReportShape.Context context =
        new ReportShape.Context(
            googleManaged ? "google_managed_prometheus" : "prometheus",
            ServerMetricsCollector.redactUserInfo(endpoint),
            serverType.yamlName,
            filters);
    PrometheusMetricReader reader = new PrometheusMetricReader(api, filters, 2 * scrapeIntervalMillis);
    WindowEvaluator evaluator = new WindowEvaluator(reader, specs, executor);
    if (setupError == null) {
      setupError = reachabilityError(api);
    }
    if (setupError != null) {
      return evaluator.allFailed(context, runWindow, stageWindows, setupError);
    }
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, FieldResult> unresolved = evaluator.resolve(runWindow, names);
    List<String> warnings = awaitLastScrape(api, names, runWindow, deadlineNanos);
    return evaluator.evaluateAll(context, runWindow, stageWindows, names, unresolved, List.of(), warnings);
  }

  /** One cheap query first, so a down Prometheus costs one error, not hundreds. */
  private String reachabilityError(PrometheusHttpApi api) {
    try {
      api.query("vector(1)", env.wallClockMillis().getAsLong());
      return null;
    } catch (MetricsQueryException e) {
      return e.getMessage();
    }
  }

  /**
   * Waits until Prometheus holds a sample newer than the run's end (the scrape that counts the last requests), or
   * until one scrape interval plus a grace period has passed. Returns a warning if it never arrived.
   */
  private List<String> awaitLastScrape(
      PrometheusHttpApi api, Map<String, String> names, QueryWindow runWindow, long deadlineNanos) {
    if (names.isEmpty()) {
      return List.of();
    }
    String series = null;
    for (MetricSpec spec : specs) {
      String name = names.get(spec.field());
      if (name != null) {
        series = spec.probeSeriesName(name);
        break;
      }
    }
    String query = PromQl.newestSample(series, filters);
    long giveUpNanos = Math.min(deadlineNanos, env.nanoClock().nanoTime() + (2 * scrapeIntervalMillis + 15_000) * 1_000_000L);
    double newestSeconds = Double.NaN;
    while (true) {
      try {
        List<PrometheusHttpApi.VectorSample> result = api.query(query, env.wallClockMillis().getAsLong());
        newestSeconds = result.isEmpty() ? Double.NaN : result.get(0).value();
        if (newestSeconds * 1000 > runWindow.endEpochMillis()) {
          return List.of();
        }
      } catch (MetricsQueryException e) {
        LOG.debug("waiting for the last scrape: {}", e.getMessage());
      }
      if (env.nanoClock().nanoTime() + 500_000_000L > giveUpNanos) {
        break;
      }
      try {
        env.sleeper().sleepMillis(Math.min(500, Math.max(50, scrapeIntervalMillis / 4)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return List.of(
        "Prometheus had no sample newer than the run's end (newest: "
            + (Double.isNaN(newestSeconds) ? "none" : PromQl.epochSeconds((long) (newestSeconds * 1000)))
            + "); the last requests may be missing from the numbers");
  }

}
