package io.inferenceperf.htmlreport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.report.ReportSet;
import io.inferenceperf.report.StageReport;
import io.inferenceperf.results.ResultsHeader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders {@value #FILE_NAME}: one file with its script (uPlot and the page's own), style and data inline. A
 * Content-Security-Policy forbids every fetch, so opening it never touches the network.
 */
public final class HtmlReport {
  public static final String FILE_NAME = "report.html";
  private static final String CSP = "default-src 'none'; script-src 'unsafe-inline'; "
      + "style-src 'unsafe-inline'; img-src data:";
  private static final String[] CHARTS_BY_STAGE = {"ttft-by-stage", "itl-by-stage", "throughput-by-stage"};
  private static final String[] CHARTS_OVER_TIME = {"ttft-over-time", "itl-over-time", "requests-over-time",
      "tokens-over-time"};

  private HtmlReport() {}

  /** Writes the page into {@code folder} (file name with the reports' prefix) and returns it. */
  public static Path write(ReportSet reports, Timeline timeline, Path folder, String prefix) throws IOException {
    Path file = folder.resolve(prefix + FILE_NAME);
    Files.writeString(file, render(reports, timeline), StandardCharsets.UTF_8);
    return file;
  }

  /** The page; {@code timeline} may be null (no charts over time, no config). */
  public static String render(ReportSet reports, Timeline timeline) {
    List<StageReport> stages = reports.stages();
    ResultsHeader header = timeline == null ? null : timeline.header();
    StringBuilder page = new StringBuilder(120_000);
    page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
        .append("<title>inference-perf report</title>\n<style>").append(Html.resource("uPlot.min.css"))
        .append("\n").append(Html.resource("report.css")).append("</style></head>\n<body>\n")
        .append("<h1>inference-perf report</h1>\n")
        .append(Headline.render(reports, header))
        .append("<h2>Latency and throughput by stage</h2>\n").append(chartDivs(CHARTS_BY_STAGE))
        .append("<h2>Stages</h2>\n").append(StageTables.load(stages))
        .append("<h2>Latency by stage (exact percentiles)</h2>\n").append(StageTables.latency(stages));
    if (timeline != null) {
      page.append("<h2>Over the run</h2>\n<p class=\"note\">Per second of the run, by each request's end")
          .append(" (longer runs in wider bins). Drag to zoom, double-click to reset.</p>\n")
          .append(chartDivs(CHARTS_OVER_TIME));
    }
    page.append("<h2>Failures by label</h2>\n").append(StageTables.failures(stages))
        .append(serverMetrics(reports.serverMetricFiles(), timeline))
        .append(config(header))
        .append("<script type=\"application/json\" id=\"report-data\">")
        .append(Html.scriptSafe(ChartData.json(ChartData.build(stages, timeline)))).append("</script>\n")
        .append("<script>").append(Html.resource("uPlot.iife.min.js")).append("</script>\n")
        .append("<script>").append(Html.resource("report.js")).append("</script>\n")
        .append("<footer>Charts drawn with uPlot 1.6.32 (MIT licence, (c) Leon Sorokin).</footer>\n")
        .append("</body></html>\n");
    return page.toString();
  }

  private static String chartDivs(String[] ids) {
    StringBuilder html = new StringBuilder("<div class=\"charts\">");
    for (String id : ids) html.append("<div class=\"chart\" id=\"").append(id).append("\"></div>");
    return html.append("</div>\n").toString();
  }

  private static String serverMetrics(Map<String, Map<String, Object>> files, Timeline timeline) {
    JsonNode fromResults = timeline == null ? null : timeline.serverMetrics();
    if (files.isEmpty() && (fromResults == null || fromResults.isEmpty())) {
      return "<h2>Server metrics</h2>\n<p id=\"server-metrics\">None collected (report.prometheus).</p>\n";
    }
    StringBuilder html = new StringBuilder("<h2>Server metrics</h2>\n<div id=\"server-metrics\">");
    ObjectMapper mapper = new ObjectMapper();
    try {
      if (!files.isEmpty()) {
        html.append(serverTable(files, mapper));
        for (Map.Entry<String, Map<String, Object>> file : files.entrySet()) {
          html.append("<details><summary>").append(Html.escape(file.getKey())).append("</summary><pre>")
              .append(Html.escape(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(file.getValue())))
              .append("</pre></details>");
        }
      } else {
        html.append("<details><summary>as collected</summary><pre>")
            .append(Html.escape(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(fromResults)))
            .append("</pre></details>");
      }
    } catch (IOException e) {
      html.append("<p>cannot show: ").append(Html.escape(e.getMessage())).append("</p>");
    }
    return html.append("</div>\n").toString();
  }

  /** One row per report file and metric that has a mean: mean, p50, p90, p99 as the report holds them. */
  private static String serverTable(Map<String, Map<String, Object>> files, ObjectMapper mapper) {
    StringBuilder rows = new StringBuilder();
    for (Map.Entry<String, Map<String, Object>> file : files.entrySet()) {
      JsonNode successes = mapper.valueToTree(file.getValue()).path("successes");
      successes.fields().forEachRemaining(metric -> {
        JsonNode value = metric.getValue();
        if (!value.path("mean").isNumber()) return;
        rows.append("<tr><td>").append(Html.escape(file.getKey())).append("</td><td>")
            .append(Html.escape(metric.getKey())).append("</td>");
        for (String key : new String[] {"mean", "median", "p90", "p99"}) {
          rows.append("<td>").append(value.path(key).isNumber() ? Html.significant(value.path(key).asDouble())
              : "\u2014").append("</td>");
        }
        rows.append("</tr>\n");
      });
    }
    if (rows.isEmpty()) return "";
    return "<table id=\"server-metrics-table\"><thead><tr><th>Report</th><th>Metric (report units)</th>"
        + "<th>mean</th><th>p50</th><th>p90</th><th>p99</th></tr></thead><tbody>\n" + rows + "</tbody></table>\n";
  }

  private static String config(ResultsHeader header) {
    if (header == null) return "";
    return "<h2>Config used</h2>\n<p class=\"note\">Secrets redacted.</p><pre id=\"config\">"
        + Html.escape(header.configYaml()) + "</pre>\n";
  }

  /** The run's started time and server, from the results header. */
  static String whereItRan(ResultsHeader header) {
    if (header == null) return "";
    String server = "";
    try {
      Object tree = new Yaml().load(header.configYaml());
      if (tree instanceof Map<?, ?> map && map.get("server") instanceof Map<?, ?> s) {
        server = " against " + s.get("type") + (s.get("base_url") != null ? " at " + s.get("base_url") : "");
      }
    } catch (RuntimeException e) {
      // An unreadable config only loses the server's name from the headline.
    }
    Instant started = Instant.ofEpochSecond(0, header.originEpochNanos());
    return header.tool() + server + ", started " + started.toString().replaceAll("\\.\\d+Z$", "Z");
  }
}
