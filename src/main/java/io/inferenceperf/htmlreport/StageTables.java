package io.inferenceperf.htmlreport;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.report.StageReport;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The per-stage tables of the page, straight from each stage report's JSON (the same numbers as the report files,
 * exact percentiles). Every number cell carries {@code data-key="stage<N>.<path>"} naming the report value it shows.
 */
final class StageTables {
  private static final String[][] LATENCIES = {{"time_to_first_token", "TTFT"}, {"inter_token_latency", "ITL"},
      {"time_per_output_token", "TPOT"}, {"normalized_time_per_output_token", "NTPOT"},
      {"request_latency", "Request latency"}};
  private static final String[] PERCENTILES = {"mean", "median", "p90", "p99"};

  private StageTables() {}

  static String load(List<StageReport> stages) {
    StringBuilder html = new StringBuilder("<table id=\"stages\"><thead><tr><th>Stage</th><th>Status</th>"
        + "<th>Requested rate (req/s)</th><th>Achieved rate (req/s)</th><th>Concurrency</th><th>Successes</th>"
        + "<th>Failures</th><th>Client kept up</th><th>Requests/s</th><th>Output tokens/s</th>"
        + "<th>Total tokens/s</th></tr></thead><tbody>\n");
    for (StageReport stage : stages) {
      JsonNode json = stage.json();
      String id = "stage" + stage.stageId();
      html.append("<tr><td>").append(stage.stageId()).append("</td>").append(status(json))
          .append(cell(id, "load_summary.requested_rate", json, false))
          .append(cell(id, "load_summary.achieved_rate", json, false))
          .append(cell(id, "load_summary.concurrency", json, false))
          .append(count(id, "successes.count", json)).append(count(id, "failures.count", json))
          .append("<td>").append(keptUp(json)).append("</td>")
          .append(cell(id, "successes.throughput.requests_per_sec", json, false))
          .append(cell(id, "successes.throughput.output_tokens_per_sec", json, false))
          .append(cell(id, "successes.throughput.total_tokens_per_sec", json, false)).append("</tr>\n");
    }
    return html.append("</tbody></table>\n").toString();
  }

  /** The stage's status; a stage a circuit breaker stopped names it, its message in the tooltip. */
  private static String status(JsonNode json) {
    String status = Html.escape(json.path("status").asText(""));
    JsonNode breaker = json.get("circuit_breaker");
    if (breaker == null) return "<td>" + status + "</td>";
    return "<td title=\"" + Html.escape(breaker.path("message").asText("")) + "\">" + status + " (circuit breaker "
        + Html.escape(breaker.path("name").asText("")) + ")</td>";
  }

  static String latency(List<StageReport> stages) {
    StringBuilder html = new StringBuilder("<table id=\"latency\"><thead><tr><th rowspan=\"2\">Stage</th>");
    for (String[] metric : LATENCIES) html.append("<th colspan=\"4\">").append(metric[1]).append(" (ms)</th>");
    html.append("</tr><tr>");
    for (int i = 0; i < LATENCIES.length; i++) html.append("<th>mean</th><th>p50</th><th>p90</th><th>p99</th>");
    html.append("</tr></thead><tbody>\n");
    for (StageReport stage : stages) {
      String id = "stage" + stage.stageId();
      html.append("<tr><td>").append(stage.stageId()).append("</td>");
      for (String[] metric : LATENCIES) {
        for (String p : PERCENTILES) {
          html.append(cell(id, "successes.latency." + metric[0] + "." + p, stage.json(), true));
        }
      }
      html.append("</tr>\n");
    }
    return html.append("</tbody></table>\n").toString();
  }

  static String failures(List<StageReport> stages) {
    StringBuilder rows = new StringBuilder();
    for (StageReport stage : stages) {
      JsonNode byLabel = stage.json().path("failures").path("by_label");
      for (Iterator<Map.Entry<String, JsonNode>> it = byLabel.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> label = it.next();
        JsonNode first = label.getValue().path("messages").path(0).path("message");
        rows.append("<tr><td>").append(stage.stageId()).append("</td><td>").append(Html.escape(label.getKey()))
            .append("</td><td data-key=\"stage").append(stage.stageId()).append(".failures.by_label.")
            .append(Html.escape(label.getKey())).append(".count\">").append(label.getValue().path("count").asLong())
            .append("</td><td>").append(Html.escape(first.asText(""))).append("</td></tr>\n");
      }
    }
    if (rows.isEmpty()) return "<p id=\"failures\">No request failed.</p>\n";
    return "<table id=\"failures\"><thead><tr><th>Stage</th><th>Label</th><th>Count</th><th>First message</th>"
        + "</tr></thead><tbody>\n" + rows + "</tbody></table>\n";
  }

  private static String keptUp(JsonNode json) {
    JsonNode health = json.path("client_health");
    if (health.isMissingNode() || health.isNull()) return "\u2014";
    String warning = health.path("warning").isTextual() ? " (" + Html.escape(health.path("warning").asText()) + ")"
        : "";
    return (health.path("kept_up").asBoolean() ? "yes" : "no") + warning;
  }

  private static String cell(String id, String path, JsonNode json, boolean seconds) {
    double value = value(json, path);
    return "<td data-key=\"" + id + "." + path + "\">" + (seconds ? Html.millis(value) : Html.number(value))
        + "</td>";
  }

  private static String count(String id, String path, JsonNode json) {
    double value = value(json, path);
    return "<td data-key=\"" + id + "." + path + "\">" + (Double.isNaN(value) ? "\u2014" : (long) value) + "</td>";
  }

  /** The number at a dotted path of a report, or NaN. */
  static double value(JsonNode json, String path) {
    JsonNode node = json;
    for (String key : path.split("\\.")) node = node.path(key);
    return node.isNumber() ? node.asDouble() : Double.NaN;
  }
}
