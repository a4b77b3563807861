package io.inferenceperf.report;

import io.inferenceperf.metrics.ClientHealth;
import io.inferenceperf.metrics.DistributionSummary;
import io.inferenceperf.metrics.FailureTally;
import io.inferenceperf.metrics.GoodputTally;
import io.inferenceperf.record.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The end-of-run console summary, one row per stage, like inference-perf's rich tables: Throughput (with goodput
 * columns when goodput constraints are configured), Latency (ms),
 * Token generation (ms), Token lengths, Errors and a Client health line per stage. Fits the given width by splitting
 * wide tables; plain text unless {@code ansi} (then error rates are red above 5%, yellow above 0).
 */
public final class SummaryTables {

  private SummaryTables() {}

  public static String render(List<StageReport> stages, int width, boolean ansi) {
    if (stages.isEmpty()) {
      return "No requests were recorded.\n";
    }
    StringBuilder out = new StringBuilder();
    out.append(throughput(stages).render(width, ansi)).append('\n');
    out.append(
            metricTable("Latency (ms)", stages, 1000,
                metric("Lat", TableFigures::requestLatency),
                metric("TTFT", TableFigures::ttft),
                metric("ITL", TableFigures::itl))
                .render(width, ansi))
        .append('\n');
    out.append(
            metricTable("Token generation (ms)", stages, 1000,
                metric("TPOT", TableFigures::tpot),
                metric("NTPOT", TableFigures::ntpot))
                .render(width, ansi))
        .append('\n');
    out.append(
            metricTable("Token lengths", stages, 1,
                metric("Prompt", TableFigures::promptTokens),
                metric("Output", TableFigures::outputLen))
                .render(width, ansi))
        .append('\n');
    out.append(errors(stages, width, ansi)).append('\n');
    out.append(clientHealth(stages, width, ansi));
    return out.toString();
  }

  private record Metric(String name, Function<TableFigures, DistributionSummary> values) {}

  private static Metric metric(String name, Function<TableFigures, DistributionSummary> values) {
    return new Metric(name, values);
  }

  private static TextTable throughput(List<StageReport> stages) {
    boolean goodput = stages.stream().anyMatch(stage -> stage.figures().goodput() != null);
    List<TextTable.Column> columns = new ArrayList<>(List.of(
        new TextTable.Column("Stage", true, 0),
        new TextTable.Column("Req Rate", false, 1),
        new TextTable.Column("Achieved", false, 2),
        new TextTable.Column("Error %", false, 3),
        new TextTable.Column("Req/s", false, 4),
        new TextTable.Column("In tok/s", false, 5),
        new TextTable.Column("Out tok/s", false, 6),
        new TextTable.Column("Tot tok/s", false, 7)));
    if (goodput) {
      columns.add(new TextTable.Column("Goodput %", false, 8));
      columns.add(new TextTable.Column("Req Goodput", false, 9));
      columns.add(new TextTable.Column("Tok Goodput", false, 10));
    }
    List<String> attainments = attainmentKeys(stages);
    for (int i = 0; i < attainments.size(); i++) {
      columns.add(new TextTable.Column(attainmentHeader(attainments.get(i)), false, 11 + i));
    }
    TextTable table = new TextTable("Throughput", columns);
    for (StageReport stage : stages) {
      TableFigures figures = stage.figures();
      double errorPercent = figures.errorPercent();
      String errorColor = errorPercent > 5 ? TextTable.RED : errorPercent > 0 ? TextTable.YELLOW : null;
      List<TextTable.Cell> cells = new ArrayList<>(List.of(
          TextTable.Cell.plain(stageLabel(stage)),
          TextTable.Cell.plain(requestedRate(stage)),
          TextTable.Cell.plain(format("%.2f", stage.health().achievedRate())),
          new TextTable.Cell(format("%.1f%%", errorPercent), errorColor),
          TextTable.Cell.plain(format("%.2f", figures.requestsPerSec())),
          TextTable.Cell.plain(format("%.1f", figures.inputTokensPerSec())),
          TextTable.Cell.plain(format("%.1f", figures.outputTokensPerSec())),
          TextTable.Cell.plain(format("%.1f", figures.totalTokensPerSec()))));
      if (goodput) {
        GoodputTally.Result g = figures.goodput();
        cells.add(TextTable.Cell.plain(g == null ? "-" : format("%.1f%%", g.goodputPercentage())));
        cells.add(TextTable.Cell.plain(g == null ? "-" : format("%.2f", g.requestGoodput())));
        cells.add(TextTable.Cell.plain(g == null ? "-" : format("%.1f", g.tokenGoodput())));
        for (String key : attainments) {
          Double percent = g == null ? null : g.attainmentPercentages().get(key);
          cells.add(TextTable.Cell.plain(percent == null ? "-" : format("%.1f%%", percent)));
        }
      }
      table.addRow(cells);
    }
    return table;
  }

  /** The attainment keys any stage reports, in inference-perf's constraint order. */
  private static List<String> attainmentKeys(List<StageReport> stages) {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    for (String metric : List.of("ttft", "tpot", "itl", "ntpot", "request_latency")) {
      String key = metric + "_attainment_percentage";
      if (stages.stream().anyMatch(s -> s.figures().goodput() != null
          && s.figures().goodput().attainmentPercentages().containsKey(key))) {
        keys.add(key);
      }
    }
    return List.copyOf(keys);
  }

  /** "ttft_attainment_percentage" -> "TTFT ok %". */
  private static String attainmentHeader(String key) {
    String metric = key.substring(0, key.length() - "_attainment_percentage".length());
    return (metric.equals("request_latency") ? "Latency" : metric.toUpperCase(java.util.Locale.ROOT)) + " ok %";
  }

  private static String requestedRate(StageReport stage) {
    if (stage.info().concurrent()) {
      return "c=" + stage.info().concurrencyLevel();
    }
    return stage.info().hasRequestedRate() ? format("%.2f", stage.info().requestedRate()) : "-";
  }

  /** A table of mean, median and p90 per metric; {@code scale} turns report units into table units (1000: ms). */
  private static TextTable metricTable(String title, List<StageReport> stages, double scale, Metric... metrics) {
    List<TextTable.Column> columns = new ArrayList<>();
    columns.add(new TextTable.Column("Stage", true, 0));
    for (int m = 0; m < metrics.length; m++) {
      columns.add(new TextTable.Column(metrics[m].name() + " mean", false, m + 1));
      columns.add(new TextTable.Column(metrics[m].name() + " med", false, m + 1));
      columns.add(new TextTable.Column(metrics[m].name() + " p90", false, m + 1));
    }
    TextTable table = new TextTable(title, columns);
    for (StageReport stage : stages) {
      List<TextTable.Cell> cells = new ArrayList<>();
      cells.add(TextTable.Cell.plain(stageLabel(stage)));
      for (Metric metric : metrics) {
        DistributionSummary summary = metric.values().apply(stage.figures());
        cells.add(number(summary == null ? Double.NaN : summary.mean() * scale));
        cells.add(number(summary == null ? Double.NaN : summary.percentile(50) * scale));
        cells.add(number(summary == null ? Double.NaN : summary.percentile(90) * scale));
      }
      table.addRow(cells);
    }
    return table;
  }

  private static String errors(List<StageReport> stages, int width, boolean ansi) {
    TextTable table =
        new TextTable(
            "Errors",
            List.of(
                new TextTable.Column("Stage", true, 0),
                new TextTable.Column("Error", true, 1),
                new TextTable.Column("Count", false, 2),
                new TextTable.Column("% of requests", false, 3)));
    boolean any = false;
    for (StageReport stage : stages) {
      for (FailureTally.LabelCount label : stage.figures().errors()) {
        any = true;
        double percent = 100.0 * label.count() / stage.figures().count();
        table.addRow(
            List.of(
                TextTable.Cell.plain(stageLabel(stage)),
                TextTable.Cell.plain(label.label()),
                TextTable.Cell.plain(Long.toString(label.count())),
                new TextTable.Cell(format("%.1f%%", percent), percent > 5 ? TextTable.RED : TextTable.YELLOW)));
      }
    }
    if (!any) {
      String title = ansi ? TextTable.BOLD + "Errors" + TextTable.RESET : "Errors";
      return title + "\nnone\n";
    }
    return table.render(width, ansi);
  }

  private static String clientHealth(List<StageReport> stages, int width, boolean ansi) {
    StringBuilder out = new StringBuilder(ansi ? TextTable.BOLD + "Client health" + TextTable.RESET : "Client health");
    out.append('\n');
    for (StageReport stage : stages) {
      ClientHealth health = stage.health();
      String status = stage.status() == Status.COMPLETED ? "" : " (" + stage.status().reportName() + ")";
      String line;
      if (health.keptUp()) {
        line =
            format(
                "Stage %d%s: kept up; schedule delay p50 %s ms, p99 %s ms, max %s ms",
                stage.stageId(),
                status,
                milliseconds(health.scheduleDelayP50Seconds()),
                milliseconds(health.scheduleDelayP99Seconds()),
                milliseconds(health.scheduleDelayMaxSeconds()));
      } else {
        line = format("Stage %d%s: WARNING %s", stage.stageId(), status, health.warning());
      }
      String wrapped = wrap(line, width);
      out.append(ansi && !health.keptUp() ? TextTable.YELLOW + wrapped + TextTable.RESET : wrapped).append('\n');
    }
    return out.toString();
  }

  /** Breaks {@code text} at spaces into lines of at most {@code width}, continuation lines indented by 2. */
  static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        out.append(line).append('\n');
        line.setLength(0);
        line.append("  ");
      }
      if (line.length() > 0 && !line.toString().isBlank()) {
        line.append(' ');
      }
      line.append(word);
    }
    return out.append(line).toString();
  }

  private static String stageLabel(StageReport stage) {
    return Integer.toString(stage.stageId());
  }

  private static String milliseconds(double seconds) {
    return Double.isFinite(seconds) ? format("%.2f", seconds * 1000) : "-";
  }

  private static TextTable.Cell number(double value) {
    return TextTable.Cell.plain(Double.isFinite(value) ? format("%.2f", value) : "-");
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
