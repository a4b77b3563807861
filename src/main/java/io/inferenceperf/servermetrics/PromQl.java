package io.inferenceperf.servermetrics;

import io.inferenceperf.config.ServerConfig.ServerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The PromQL text this tool sends (pure; pinned by golden files). All window queries are evaluated at the
 * window's query end (stage end plus one scrape interval) and reach back {@code d} = query end minus stage start.
 *
 * <p>Counters and histogram counts are the exact difference of the scraped values at the two window edges
 * ({@code sum(m) - sum(m offset d)}), not {@code increase()}, which extrapolates to the window edges and can
 * overstate a short window by a whole scrape interval. Series created inside the window count from zero ({@code or
 * vector(0)}). When a counter was reset inside the window (a server restart) the difference is wrong, so the raw
 * samples are fetched instead, reaching back far enough to include the last sample before the window, and the
 * increase is counted across the reset exactly, as the direct-scrape mode does.
 */
public final class PromQl {
  /** Quantiles reported for histograms and gauges (median, p90, p99). */
  public static final List<String> QUANTILES = List.of("0.5", "0.9", "0.99");

  private PromQl() {}

  /**
   * The label matchers added to every selector: {@code model_name='<model>'} for servers that label by model,
   * then the user's {@code metrics.prometheus.filters} verbatim.
   */
  public static String filters(ServerType type, String modelName, List<String> userFilters) {
    List<String> parts = new ArrayList<>();
    if (ServerMetricCatalog.filtersOnModelName(type) && modelName != null && !modelName.isBlank()) {
      parts.add("model_name='" + escapeSingleQuoted(modelName) + "'");
    }
    if (userFilters != null) {
      for (String filter : userFilters) {
        if (filter != null && !filter.isBlank()) {
          parts.add(filter.trim());
        }
      }
    }
    return String.join(",", parts);
  }

  /** A PromQL duration with millisecond precision: {@code 60s}, {@code 61s250ms}, {@code 500ms}. */
  public static String duration(long millis) {
    long positive = Math.max(1, millis);
    long seconds = positive / 1000;
    long rest = positive % 1000;
    if (rest == 0) {
      return seconds + "s";
    }
    return seconds == 0 ? rest + "ms" : seconds + "s" + rest + "ms";
  }

  static String selector(String series, String filters) {
    return series + "{" + filters + "}";
  }

  /** Non-empty (a count of series) when the series had any sample in the window. */
  public static String probe(String series, String filters, long windowMillis) {
    return "count(count_over_time(" + range(series, filters, windowMillis) + "))";
  }

  /** Exact change of a counter between the window edges. */
  public static String delta(String series, String filters, long windowMillis) {
    String now = selector(series, filters);
    return "sum(" + now + ") - (sum(" + now + " offset " + duration(windowMillis) + ") or vector(0))";
  }

  public static String resets(String series, String filters, long windowMillis) {
    return "sum(resets(" + range(series, filters, windowMillis) + "))";
  }

  /** The raw samples of a series over a range (an instant query answering a matrix); used after a reset. */
  public static String rawSamples(String series, String filters, long rangeMillis) {
    return range(series, filters, rangeMillis);
  }

  /** Quantile over the exact per-bucket changes between the window edges. */
  public static String histogramQuantile(String quantile, String name, String filters, long windowMillis) {
    String buckets = "sum by (le) (" + selector(name + "_bucket", filters) + ")";
    String before =
        "sum by (le) ("
            + selector(name + "_bucket", filters)
            + " offset "
            + duration(windowMillis)
            + ")";
    return "histogram_quantile("
        + quantile
        + ", "
        + buckets
        + " - ("
        + before
        + " or "
        + buckets
        + " * 0))";
  }

  public static String gaugeAverage(String name, String filters, long windowMillis) {
    return "avg_over_time(" + range(name, filters, windowMillis) + ")";
  }

  public static String gaugeMax(String name, String filters, long windowMillis) {
    return "max_over_time(" + range(name, filters, windowMillis) + ")";
  }

  public static String gaugeQuantile(String quantile, String name, String filters, long windowMillis) {
    return "quantile_over_time(" + quantile + ", " + range(name, filters, windowMillis) + ")";
  }

  /**
   * Newest sample time (epoch seconds) of one series name: tells whether the scrape after the run's end is in.
   * One name only: {@code timestamp()} drops the metric name, and series of several names could then collide.
   */
  public static String newestSample(String series, String filters) {
    return "max(timestamp(" + selector(series, filters) + "))";
  }

  static String range(String series, String filters, long windowMillis) {
    return selector(series, filters) + "[" + duration(windowMillis) + "]";
  }

  static String escapeSingleQuoted(String value) {
    return value.replace("\\", "\\\\").replace("'", "\\'");
  }

  /** Epoch seconds as the API's {@code time} parameter, millisecond precision. */
  static String epochSeconds(long epochMillis) {
    return String.format(Locale.ROOT, "%d.%03d", epochMillis / 1000, epochMillis % 1000);
  }
}
