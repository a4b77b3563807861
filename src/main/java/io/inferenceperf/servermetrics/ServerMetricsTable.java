package io.inferenceperf.servermetrics;

import io.inferenceperf.servermetrics.FieldResult.GaugeStats;
import io.inferenceperf.servermetrics.FieldResult.HistogramStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The end-of-run table that puts the server's view next to the client's (pure; at most 80 columns): client
 * versus server TTFT per stage, the server's queue length, KV-cache use and running requests. KV-cache use is
 * shown in percent (servers report a 0..1 fraction).
 */
public final class ServerMetricsTable {
  public static final int WIDTH = 80;
  private static final String ROW = "%5s | %7s %7s | %7s %7s | %6s %6s | %5s %5s |%7s";
  private static final String GROUPS = "%5s | %15s | %15s | %13s | %11s |%7s";

  private ServerMetricsTable() {}

  /** The client's TTFT for one stage, in seconds; null parts print as "-". */
  public record ClientTtft(Double meanSeconds, Double p90Seconds) {}

  /**
   * @param clientTtftByStage client TTFT per stage id; the whole run under key -1 (optional)
   * @return the table as lines, or an empty list when there are no server metrics
   */
  public static List<String> render(PrometheusReports reports, Map<Integer, ClientTtft> clientTtftByStage) {
    List<String> lines = new ArrayList<>();
    if (reports.isEmpty()) {
      return lines;
    }
    String source = reports.context() == null ? "server" : reports.context().serverType();
    lines.add(fit("Server's view (" + source + " metrics) next to the client's"));
    lines.add(
        String.format(
            Locale.ROOT, GROUPS, "Stage", "Client TTFT ms", "Server TTFT ms", "Queue length", "KV cache %", "Running"));
    lines.add(String.format(Locale.ROOT, ROW, "", "mean", "p90", "mean", "p90", "mean", "max", "mean", "max", "mean"));
    lines.add("-".repeat(Math.min(WIDTH, lines.get(1).length())));
    for (WindowMetrics stage : reports.stages()) {
      lines.add(row(String.valueOf(stage.stageId()), stage, clientTtftByStage.get(stage.stageId())));
    }
    if (reports.summary() != null) {
      lines.add(row("all", reports.summary(), clientTtftByStage.get(-1)));
    }
    List<String> errors = reports.errors();
    if (!errors.isEmpty()) {
      lines.add(fit("Server metrics problems (" + errors.size() + "): " + errors.get(0)));
    }
    return lines;
  }

  private static String row(String label, WindowMetrics w, ClientTtft client) {
    Optional<HistogramStats> ttft = w.histogram(ServerMetricCatalog.TIME_TO_FIRST_TOKEN);
    Optional<GaugeStats> queue = w.gauge(ServerMetricCatalog.QUEUE_LENGTH);
    Optional<GaugeStats> kv = w.gauge(ServerMetricCatalog.KV_CACHE_USAGE);
    Optional<GaugeStats> running = w.gauge(ServerMetricCatalog.NUM_REQUESTS_RUNNING);
    return fit(
        String.format(
            Locale.ROOT,
            ROW,
            label,
            millis(client == null ? null : client.meanSeconds()),
            millis(client == null ? null : client.p90Seconds()),
            millis(ttft.map(HistogramStats::mean).orElse(null)),
            millis(ttft.map(HistogramStats::p90).orElse(null)),
            number(queue.map(GaugeStats::mean).orElse(null), 6),
            number(queue.map(GaugeStats::max).orElse(null), 6),
            percent(kv.map(GaugeStats::mean).orElse(null)),
            percent(kv.map(GaugeStats::max).orElse(null)),
            number(running.map(GaugeStats::mean).orElse(null), 7)));
  }

  private static String millis(Double seconds) {
    return seconds == null ? "-" : compact(seconds * 1000, 7);
  }

  private static String percent(Double fraction) {
    return fraction == null ? "-" : compact(fraction * 100, 5);
  }

  private static String number(Double value, int width) {
    return value == null ? "-" : compact(value, width);
  }

  /** The most precise rendering that fits {@code width} characters. */
  static String compact(double value, int width) {
    for (int decimals = 1; decimals >= 0; decimals--) {
      String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
      if (s.length() <= width) {
        return s;
      }
    }
    String s = String.format(Locale.ROOT, "%.1e", value);
    return s.length() <= width ? s : "#".repeat(width);
  }

  private static String fit(String line) {
    String flat = line.replace('\n', ' ');
    return flat.length() <= WIDTH ? flat : flat.substring(0, WIDTH - 3) + "...";
  }
}
