package io.inferenceperf.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One stage of a run as the charts see it: its load (achieved rate, and concurrency for a concurrent stage), its
 * latency distributions, its throughput, when configured its goodput, and the server's metrics when the folder
 * has its {@code stage_<N>_prometheus_metrics.json} (each metric with a mean, in the report's units).
 *
 * @param concurrency the stage's concurrency, or NaN for a rate stage
 * @param goodputPercent NaN when the report has no goodput
 * @param requestGoodput good requests per second, NaN when the report has no goodput
 */
public record StagePoint(
    int stageId,
    double achievedRate,
    double concurrency,
    Map<LatencyMetric, Stat> latency,
    Map<Throughput, Double> throughput,
    double goodputPercent,
    double requestGoodput,
    Map<String, Stat> serverMetrics) {

  public StagePoint {
    latency = Map.copyOf(latency);
    throughput = Map.copyOf(throughput);
    serverMetrics = Map.copyOf(serverMetrics);
  }

  /** The same stage with the server's metrics of its {@code stage_<N>_prometheus_metrics.json}. */
  StagePoint withServerMetrics(JsonNode prometheusReport) {
    Map<String, Stat> metrics = new TreeMap<>();
    prometheusReport.path("successes").fields().forEachRemaining(field -> {
      Stat stat = Stat.of(field.getValue());
      if (stat != null) metrics.put(field.getKey(), stat);
    });
    return new StagePoint(stageId, achievedRate, concurrency, latency, throughput, goodputPercent, requestGoodput,
        metrics);
  }

  /** Reads a parsed {@code stage_<N>_lifecycle_metrics.json} tree. */
  static StagePoint of(int stageId, JsonNode report) {
    JsonNode load = report.path("load_summary");
    JsonNode successes = report.path("successes");
    Map<LatencyMetric, Stat> latency = new EnumMap<>(LatencyMetric.class);
    for (LatencyMetric metric : LatencyMetric.values()) {
      Stat stat = Stat.of(successes.path("latency").get(metric.reportKey));
      if (stat != null) latency.put(metric, stat);
    }
    Map<Throughput, Double> throughput = new EnumMap<>(Throughput.class);
    for (Throughput figure : Throughput.values()) {
      JsonNode value = successes.path("throughput").get(figure.reportKey);
      if (value != null && value.isNumber()) throughput.put(figure, value.asDouble());
    }
    JsonNode goodput = successes.path("goodput_metrics");
    return new StagePoint(stageId, numberOrNaN(load.get("achieved_rate")), numberOrNaN(load.get("concurrency")),
        latency, throughput, numberOrNaN(goodput.get("goodput_percentage")),
        numberOrNaN(goodput.get("request_goodput")), Map.of());
  }

  public boolean concurrent() {
    return !Double.isNaN(concurrency);
  }

  public boolean hasGoodput() {
    return !Double.isNaN(goodputPercent);
  }

  /** The chart's x value: concurrency for a concurrent stage, else the achieved rate (inference-perf's choice). */
  public double load() {
    return concurrent() ? concurrency : achievedRate;
  }

  private static double numberOrNaN(JsonNode node) {
    return node != null && node.isNumber() ? node.asDouble() : Double.NaN;
  }
}
