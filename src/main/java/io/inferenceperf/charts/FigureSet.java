package io.inferenceperf.charts;

import io.inferenceperf.analysis.LatencyMetric;
import io.inferenceperf.analysis.RunPoints;
import io.inferenceperf.analysis.StagePoint;
import io.inferenceperf.analysis.Stat;
import io.inferenceperf.analysis.Stat.Percentile;
import io.inferenceperf.analysis.Throughput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The figures of inference-perf's analysis, as data. One run's figures show each latency's mean and its p50, p90
 * and p99; the unified figures overlay the means of several runs, one line per run ("Report 1..N").
 * Rate runs get the {@code *_vs_qps} figures, concurrent runs the {@code *_vs_concurrency} ones.
 */
public final class FigureSet {
  private static final List<LatencyMetric> LATENCIES = List.of(LatencyMetric.TTFT, LatencyMetric.NTPOT,
      LatencyMetric.ITL);
  private static final List<Throughput> TOKEN_RATES = List.of(Throughput.INPUT_TOKENS, Throughput.OUTPUT_TOKENS,
      Throughput.TOTAL_TOKENS);

  /** A line drawn from one run: its name, and which value of each latency distribution it follows. */
  private record Line(String name, RunPoints run, Percentile percentile) {
    boolean dashed() {
      return percentile != Percentile.MEAN;
    }
  }

  private final List<Line> latencyLines;
  private final List<Line> rateLines;
  private final boolean concurrent;
  private final boolean goodput;

  private FigureSet(List<Line> latencyLines, List<Line> rateLines, boolean concurrent, boolean goodput) {
    this.latencyLines = latencyLines;
    this.rateLines = rateLines;
    this.concurrent = concurrent;
    this.goodput = goodput;
  }

  /** The figures of one run's report folder. */
  public static List<Figure> forRun(RunPoints run) {
    List<Line> latency = new ArrayList<>();
    for (Percentile p : Percentile.values()) latency.add(new Line(p.label, run, p));
    List<Line> rates = List.of(new Line("Mean", run, Percentile.MEAN));
    return new FigureSet(latency, rates, run.concurrent(), run.hasGoodput()).figures();
  }

  /** The overlay of several runs; the x axis is concurrency only when every run is concurrent. */
  public static List<Figure> unified(List<RunPoints> runs) {
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) lines.add(new Line(legendName(i), runs.get(i), Percentile.MEAN));
    boolean concurrent = runs.stream().allMatch(RunPoints::concurrent);
    boolean goodput = runs.stream().anyMatch(RunPoints::hasGoodput);
    return new FigureSet(lines, lines, concurrent, goodput).figures();
  }

  /** "Report 1", "Report 2"... as inference-perf's legend names runs. */
  public static String legendName(int index) {
    return "Report " + (index + 1);
  }

  private List<Figure> figures() {
    String against = concurrent ? "concurrency" : "qps";
    List<Figure> figures = new ArrayList<>();
    figures.add(new Figure("latency_vs_" + against + ".png",
        concurrent ? "Latency vs Concurrency" : "Latency vs Request Rate", latencyPanels()));
    figures.add(new Figure("throughput_vs_" + against + ".png",
        concurrent ? "Throughput vs Concurrency" : "Throughput vs Request Rate", throughputPanels()));
    if (goodput && !concurrent) figures.add(new Figure("goodput_vs_qps.png", "Goodput vs Request Rate",
        goodputPanels()));
    figures.add(new Figure("throughput_vs_latency.png", "Latency vs Throughput", tradeoffPanels()));
    for (String metric : serverMetricNames()) {
      figures.add(new Figure("server_" + metric.replaceAll("[^A-Za-z0-9_.-]", "_") + "_vs_" + against + ".png", "Server metric: " + metric,
          List.of(serverPanel(metric))));
    }
    return figures;
  }

  private String xLabel() {
    return concurrent ? "Concurrency (requests in flight)" : "QPS (achieved rate, req/s)";
  }

  private String xShort() {
    return concurrent ? "Concurrency" : "QPS";
  }

  private List<Panel> latencyPanels() {
    List<Panel> panels = new ArrayList<>();
    for (LatencyMetric metric : LATENCIES) {
      List<Series> series = new ArrayList<>();
      for (Line line : latencyLines) {
        series.add(series(line, StagePoint::load, stage -> millis(stage, metric, line.percentile())));
      }
      panels.add(new Panel(metric.title + " vs. " + xShort(), xLabel(),
          metric.shortName + " (" + metric.unitMillis() + ")", series));
    }
    return panels;
  }

  private java.util.SortedSet<String> serverMetricNames() {
    java.util.SortedSet<String> names = new java.util.TreeSet<>();
    latencyLines.forEach(line -> names.addAll(line.run().serverMetricNames()));
    return names;
  }

  /** One server metric (as its Prometheus report holds it: mean, and percentiles when a histogram or gauge). */
  private Panel serverPanel(String metric) {
    List<Series> series = new ArrayList<>();
    for (Line line : latencyLines) {
      series.add(series(line, StagePoint::load, stage -> {
        Stat stat = stage.serverMetrics().get(metric);
        return stat == null ? Double.NaN : stat.get(line.percentile());
      }));
    }
    return new Panel(metric + " vs. " + xShort(), xLabel(), metric + " (report units)", series);
  }

  private List<Panel> throughputPanels() {
    List<Panel> panels = new ArrayList<>();
    for (Throughput rate : TOKEN_RATES) {
      List<Series> series = new ArrayList<>();
      for (Line line : rateLines) series.add(series(line, StagePoint::load, stage -> rate(stage, rate)));
      panels.add(new Panel(rate.label + " vs. " + xShort(), xLabel(), rate.label, series));
    }
    return panels;
  }

  private List<Panel> goodputPanels() {
    List<Series> percent = new ArrayList<>();
    List<Series> perSecond = new ArrayList<>();
    for (Line line : rateLines) {
      percent.add(series(line, StagePoint::load, StagePoint::goodputPercent));
      perSecond.add(series(line, StagePoint::load, StagePoint::requestGoodput));
    }
    return List.of(new Panel("Goodput % vs. QPS", xLabel(), "Goodput (% of successes)", percent),
        new Panel("Request Goodput Rate vs. QPS", xLabel(), "Good requests/sec", perSecond));
  }

  /** Output token rate against each latency: the x of each point is that stage's latency at the line's percentile. */
  private List<Panel> tradeoffPanels() {
    List<Panel> panels = new ArrayList<>();
    for (LatencyMetric metric : List.of(LatencyMetric.NTPOT, LatencyMetric.TTFT, LatencyMetric.ITL)) {
      List<Series> series = new ArrayList<>();
      for (Line line : latencyLines) {
        series.add(series(line, stage -> millis(stage, metric, line.percentile()),
            stage -> rate(stage, Throughput.OUTPUT_TOKENS)));
      }
      panels.add(new Panel("Output Tokens/sec vs. " + metric.shortName,
          metric.shortName + " (" + metric.unitMillis() + ")", "Output Tokens/sec", series));
    }
    return panels;
  }

  private static Series series(Line line, ToDoubleFunction<StagePoint> x, ToDoubleFunction<StagePoint> y) {
    Series.Builder builder = new Series.Builder(line.name(), line.dashed());
    for (StagePoint stage : line.run().stages()) builder.add(x.applyAsDouble(stage), y.applyAsDouble(stage));
    return builder.build();
  }

  private static double millis(StagePoint stage, LatencyMetric metric, Percentile percentile) {
    Stat stat = stage.latency().get(metric);
    return stat == null ? Double.NaN : stat.get(percentile) * 1000.0;
  }

  private static double rate(StagePoint stage, Throughput rate) {
    Double value = stage.throughput().get(rate);
    return value == null ? Double.NaN : value;
  }
}
