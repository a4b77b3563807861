package io.inferenceperf.htmlreport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.report.StageReport;
import java.util.List;

/**
 * The data of the page's charts, as one JSON object the page's script reads: for each chart its x values and named
 * series (null where a value is missing, so the line shows a gap).
 */
final class ChartData {
  /** Points per chart over time at most: longer runs are binned into wider intervals. */
  static final int MAX_TIME_POINTS = 1500;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ChartData() {}

  static ObjectNode build(List<StageReport> stages, Timeline timeline) {
    ObjectNode charts = MAPPER.createObjectNode();
    double[] stageIds = stages.stream().mapToDouble(StageReport::stageId).toArray();
    ObjectNode ttft = chart(charts, "ttft-by-stage", "TTFT by stage", "Stage", "ms", stageIds);
    ObjectNode itl = chart(charts, "itl-by-stage", "ITL by stage", "Stage", "ms", stageIds);
    for (String p : new String[] {"median", "p90", "p99"}) {
      String label = p.equals("median") ? "p50" : p;
      series(ttft, label, stages, "successes.latency.time_to_first_token." + p, 1000);
      series(itl, label, stages, "successes.latency.inter_token_latency." + p, 1000);
    }
    ObjectNode throughput = chart(charts, "throughput-by-stage", "Throughput by stage", "Stage", "tokens/s",
        stageIds);
    series(throughput, "Output tokens/s", stages, "successes.throughput.output_tokens_per_sec", 1);
    series(throughput, "Total tokens/s", stages, "successes.throughput.total_tokens_per_sec", 1);
    if (timeline != null) overTime(charts, timeline.series(MAX_TIME_POINTS));
    return charts;
  }

  private static void overTime(ObjectNode charts, Timeline.Series s) {
    String x = s.binSeconds() == 1 ? "Run time (s)" : "Run time (s, " + s.binSeconds() + " s bins)";
    ObjectNode ttft = chart(charts, "ttft-over-time", "TTFT over the run", x, "ms", s.startSeconds());
    values(ttft, "Mean TTFT", s.ttftMeanMs());
    values(ttft, "Max TTFT", s.ttftMaxMs());
    ObjectNode itl = chart(charts, "itl-over-time", "ITL (between chunks) over the run", x, "ms",
        s.startSeconds());
    values(itl, "Mean ITL", s.itlMeanMs());
    ObjectNode requests = chart(charts, "requests-over-time", "Requests ending per second", x, "req/s",
        s.startSeconds());
    values(requests, "Successes/s", s.completedPerSecond());
    values(requests, "Failures/s", s.failedPerSecond());
    ObjectNode tokens = chart(charts, "tokens-over-time", "Output tokens per second", x, "tokens/s",
        s.startSeconds());
    values(tokens, "Output tokens/s", s.outputTokensPerSecond());
  }

  private static ObjectNode chart(ObjectNode charts, String id, String title, String xLabel, String yLabel,
      double[] x) {
    ObjectNode chart = charts.putObject(id);
    chart.put("title", title).put("xLabel", xLabel).put("yLabel", yLabel);
    array(chart.putArray("x"), x);
    chart.putArray("series");
    return chart;
  }

  private static void series(ObjectNode chart, String label, List<StageReport> stages, String path, double scale) {
    double[] values = stages.stream().mapToDouble(s -> StageTables.value(s.json(), path) * scale).toArray();
    values(chart, label, values);
  }

  private static void values(ObjectNode chart, String label, double[] values) {
    ObjectNode series = ((ArrayNode) chart.get("series")).addObject();
    series.put("label", label);
    array(series.putArray("values"), values);
  }

  private static void array(ArrayNode array, double[] values) {
    for (double v : values) {
      if (Double.isNaN(v) || Double.isInfinite(v)) array.addNull();
      else array.add(v);
    }
  }

  static String json(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
