package io.inferenceperf.servermetrics;

import io.inferenceperf.config.MetricsConfig;
import io.inferenceperf.config.MetricsConfig.MetricsType;
import io.inferenceperf.config.MetricsConfig.PrometheusConfig;
import io.inferenceperf.config.ServerConfig.ServerType;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what the model server saw, per stage and for the whole run. Lifecycle for the caller:
 *
 * <pre>{@code
 * try (var collector = ServerMetricsCollector.create(cfg.metrics(), cfg.server().type(), modelName, baseUrl, opts)) {
 *   collector.start();                       // before the first stage (direct mode starts scraping)
 *   ... run stages; collector.onStageBoundary() at each stage start and end (optional, sharpens direct mode)
 *   PrometheusReports reports = collector.collect(stageWindows, runWindow);   // after the last stage
 *   reports.write(dir, prefix, cfg.report().prometheus());
 * }
 * }</pre>
 *
 * <p>{@link #collect} never throws for metric problems: a Prometheus that is down, slow or lacks a metric yields a
 * report carrying the error, and the error is logged. It is bounded by {@code collect_timeout_seconds}.
 */
public final class ServerMetricsCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerMetricsCollector.class);
  private static final int DEFAULT_SCRAPE_INTERVAL_SECONDS = 30;
  private static final int MAX_SAMPLES_PER_SERIES = 500_000;

  private enum Mode {
    DISABLED,
    PROMETHEUS,
    GOOGLE_MANAGED,
    DIRECT
  }

  private final Mode mode;
  private final ServerType serverType;
  private final String modelName;
  private final List<MetricSpec> specs;
  private final String filters;
  private final long scrapeIntervalMillis;
  private final String prometheusUrl;
  private final ServerMetricsOptions options;
  private final CollectorEnvironment env;
  private final ScrapeStore store;
  private final DirectScraper scraper;
  private final List<String> directTargets;
  private boolean started;

  private ServerMetricsCollector(
      Mode mode,
      ServerType serverType,
      String modelName,
      PrometheusConfig prometheus,
      List<String> directTargets,
      ServerMetricsOptions options,
      CollectorEnvironment env) {
    this.mode = mode;
    this.serverType = serverType;
    this.modelName = modelName;
    this.specs = serverType == null ? List.of() : ServerMetricCatalog.forServer(serverType);
    this.filters =
        serverType == null
            ? ""
            : PromQl.filters(serverType, modelName, prometheus == null ? List.of() : prometheus.filters());
    int interval = prometheus == null ? 0 : prometheus.scrapeIntervalSeconds();
    this.scrapeIntervalMillis = 1000L * (interval > 0 ? interval : DEFAULT_SCRAPE_INTERVAL_SECONDS);
    this.prometheusUrl = prometheus == null ? null : prometheus.url();
    this.options = options;
    this.env = env;
    this.directTargets = List.copyOf(directTargets);
    if (mode == Mode.DIRECT) {
      this.store = new ScrapeStore(wantedSeriesNames(specs), MAX_SAMPLES_PER_SERIES);
      this.scraper =
          new DirectScraper(
              directTargets,
              env.httpClient(),
              java.time.Duration.ofMillis(scrapeIntervalMillis),
              options.queryTimeout(),
              store,
              env.wallClockMillis(),
              env.nanoClock()::nanoTime);
    } else {
      this.store = null;
      this.scraper = null;
    }
  }

  /** A collector that collects nothing ({@code metrics.type: default}). */
  public static ServerMetricsCollector disabled() {
    return new ServerMetricsCollector(Mode.DISABLED, null, null, null, List.of(), ServerMetricsOptions.defaults(), null);
  }

  public static ServerMetricsCollector create(
      MetricsConfig metrics,
      ServerType serverType,
      String modelName,
      String serverBaseUrl,
      ServerMetricsOptions options) {
    return create(metrics, serverType, modelName, serverBaseUrl, options, CollectorEnvironment.system());
  }

  /**
   * @param modelName the model actually benchmarked (after auto-detection), used as the {@code model_name} filter
   * @param serverBaseUrl the model server's base URL; direct mode scrapes {@code <it>/metrics} by default
   * @throws IllegalArgumentException for an invalid configuration, listing every problem (see {@link #problems})
   */
  public static ServerMetricsCollector create(
      MetricsConfig metrics,
      ServerType serverType,
      String modelName,
      String serverBaseUrl,
      ServerMetricsOptions options,
      CollectorEnvironment env) {
    ServerMetricsOptions opts = options == null ? ServerMetricsOptions.defaults() : options;
    List<String> problems = problems(metrics, opts, serverBaseUrl);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    if (metrics == null || metrics.type() != MetricsType.PROMETHEUS) {
      return disabled();
    }
    PrometheusConfig prometheus = metrics.prometheus();
    Mode mode = opts.direct() ? Mode.DIRECT : prometheus.googleManaged() ? Mode.GOOGLE_MANAGED : Mode.PROMETHEUS;
    List<String> targets = opts.directTargets();
    if (mode == Mode.DIRECT && targets.isEmpty()) {
      targets = List.of(stripTrailingSlash(serverBaseUrl) + "/metrics");
    }
    return new ServerMetricsCollector(mode, serverType, modelName, prometheus, targets, opts, env);
  }

  /** Every problem with the metrics configuration, each naming the key to fix; empty when it is usable. */
  public static List<String> problems(MetricsConfig metrics, ServerMetricsOptions options, String serverBaseUrl) {
    List<String> problems = new ArrayList<>();
    if (metrics == null || metrics.type() != MetricsType.PROMETHEUS) {
      return problems;
    }
    PrometheusConfig p = metrics.prometheus();
    if (p == null) {
      problems.add("metrics.prometheus is required when metrics.type is prometheus");
      return problems;
    }
    if (p.scrapeIntervalSeconds() < 0) {
      problems.add("metrics.prometheus.scrape_interval must be >= 0 seconds (0 means 30)");
    }
    if (options.direct()) {
      if (options.directTargets().isEmpty() && (serverBaseUrl == null || serverBaseUrl.isBlank())) {
        problems.add("metrics.prometheus.direct needs metrics.prometheus.direct_targets or a server.base_url");
      }
      for (String target : options.directTargets()) {
        if (!isHttpUrl(target)) {
          problems.add("metrics.prometheus.direct_targets entry '" + target + "' is not an http(s) URL");
        }
      }
      return problems;
    }
    boolean hasUrl = p.url() != null && !p.url().isBlank();
    if (hasUrl == p.googleManaged()) {
      problems.add(
          "set exactly one of metrics.prometheus.url (e.g. http://prometheus-operated.monitoring.svc.cluster.local:9090)"
              + " or metrics.prometheus.google_managed: true");
    } else if (hasUrl && !isHttpUrl(p.url())) {
      problems.add("metrics.prometheus.url '" + p.url() + "' is not an http(s) URL");
    }
    return problems;
  }

  public boolean enabled() {
    return mode != Mode.DISABLED;
  }

  /** Call before the first stage. Direct mode takes a first scrape and starts scraping every interval. */
  public synchronized void start() {
    started = true;
    if (scraper != null) {
      scraper.start();
    }
  }

  /**
   * Optional, at each stage start and end: direct mode scrapes right away (on a background virtual thread, so the
   * caller's timing is not disturbed) so that windows have exact edges. No-op otherwise.
   */
  public void onStageBoundary() {
    if (scraper != null && started) {
      Thread.ofVirtual().name("server-metrics-boundary-scrape").start(scraper::scrapeNow);
    }
  }

  /** How long after the last stage {@link #collect} will wait at most, for progress messages. */
  public long scrapeIntervalMillis() {
    return scrapeIntervalMillis;
  }

  /**
   * Reads every stage and the whole run. Waits (bounded) until the scrape after the run's end is in, so the last
   * requests are counted. Never throws for metric problems.
   */
  public PrometheusReports collect(List<StageWindow> stages, TimeWindow run) {
    if (mode == Mode.DISABLED) {
      return PrometheusReports.none();
    }
    long deadlineNanos = env.nanoClock().nanoTime() + options.collectTimeout().toNanos();
    QueryWindow runWindow = QueryWindow.widened(run.startEpochMillis(), run.endEpochMillis(), scrapeIntervalMillis);
    Map<Integer, QueryWindow> stageWindows = new LinkedHashMap<>();
    for (StageWindow s : stages) {
      stageWindows.put(
          s.stageId(), QueryWindow.widened(s.startEpochMillis(), s.endEpochMillis(), scrapeIntervalMillis));
    }
    PrometheusReports reports;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      reports =
          mode == Mode.DIRECT
              ? collectDirect(runWindow, stageWindows, executor)
              : new PrometheusCollection(
                      env, options, serverType, specs, filters, scrapeIntervalMillis, prometheusUrl,
                      mode == Mode.GOOGLE_MANAGED)
                  .collect(runWindow, stageWindows, executor, deadlineNanos);
    }
    for (String error : reports.errors()) {
      LOG.warn("server metrics: {}", error);
    }
    return reports;
  }

  private PrometheusReports collectDirect(
      QueryWindow runWindow, Map<Integer, QueryWindow> stageWindows, ExecutorService executor) {
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (!started) {
      errors.add("direct scraping was not started before the run (call start()); counters cannot be measured");
    }
    scraper.scrapeNow(); // the scrape after the end, so the last requests are in
    scraper.close();
    errors.addAll(scraper.errors());
    if (store.truncated()) {
      warnings.add("direct scraping kept at most " + MAX_SAMPLES_PER_SERIES + " samples per series; later ones dropped");
    }
    Map<String, String> required = new LinkedHashMap<>();
    if (ServerMetricCatalog.filtersOnModelName(serverType) && modelName != null && !modelName.isBlank()) {
      required.put("model_name", modelName);
    }
    WindowEvaluator evaluator = new WindowEvaluator(new ScrapedMetricReader(store, required), specs, executor);
    ReportShape.Context context =
        new ReportShape.Context(
            "direct_scrape", String.join(",", directTargets), serverType.yamlName, filtersAsText(required));
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, FieldResult> unresolved = evaluator.resolve(runWindow, names);
    return evaluator.evaluateAll(context, runWindow, stageWindows, names, unresolved, errors, warnings);
  }

  static Set<String> wantedSeriesNames(List<MetricSpec> specs) {
    Set<String> names = new HashSet<>();
    for (MetricSpec spec : specs) {
      for (String name : spec.candidateNames()) {
        if (spec.kind() == MetricKind.HISTOGRAM) {
          names.add(name + "_bucket");
          names.add(name + "_sum");
          names.add(name + "_count");
        } else {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static String filtersAsText(Map<String, String> required) {
    Set<String> parts = new LinkedHashSet<>();
    required.forEach((k, v) -> parts.add(k + "='" + PromQl.escapeSingleQuoted(v) + "'"));
    return String.join(",", parts);
  }

  private static boolean isHttpUrl(String text) {
    try {
      URI uri = URI.create(text.trim());
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static String redactUserInfo(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getUserInfo() == null) {
        return url;
      }
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null)
          .toString();
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return url;
    }
  }

  private static String stripTrailingSlash(String url) {
    String s = url.trim();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  @Override
  public void close() {
    if (scraper != null) {
      scraper.close();
    }
  }
}
