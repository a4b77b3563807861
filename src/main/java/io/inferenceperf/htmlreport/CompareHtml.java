package io.inferenceperf.htmlreport;

import io.inferenceperf.analysis.Difference;
import java.util.List;
import java.util.Locale;

/** {@code compare}'s page: per new run, every stage and metric side by side, with change, interval and verdict. */
public final class CompareHtml {
  private CompareHtml() {}

  /** One new run against the base. */
  public record Against(String name, List<Difference> differences) {}

  public static String render(String base, List<Against> runs, double thresholdPercent) {
    StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        + "<title>inference-perf compare</title>\n<style>" + Html.resource("report.css")
        + " .worse{background:#fdd} .better{background:#dfd}</style></head><body>\n<h1>inference-perf compare</h1>\n");
    page.append("<p>Base: <code>").append(Html.escape(base)).append("</code>. Threshold: ")
        .append(Html.number(thresholdPercent)).append("% (percentage points for the error rate). Intervals: 95%,")
        .append(" bootstrap over requests.</p>\n");
    for (Against run : runs) {
      page.append("<h2>").append(Html.escape(run.name())).append("</h2>\n<table class=\"compare\"><thead><tr>")
          .append("<th>Stage</th><th>Metric</th><th>Base</th><th>New</th><th>Change</th><th>95% interval</th>")
          .append("<th>Verdict</th></tr></thead><tbody>\n");
      for (Difference d : run.differences()) {
        String css = switch (d.verdict()) {
          case WORSE -> " class=\"worse\"";
          case BETTER -> " class=\"better\"";
          default -> "";
        };
        page.append("<tr").append(css).append("><td>").append(d.stageId()).append("</td><td>")
            .append(Html.escape(d.metric().label)).append(" (").append(Html.escape(d.metric().unit))
            .append(")</td><td>").append(Html.number(d.base())).append("</td><td>").append(Html.number(d.next()))
            .append("</td><td>").append(signed(d.change())).append(d.changeUnit()).append("</td><td>")
            .append(interval(d)).append("</td><td>").append(d.verdict().label).append("</td></tr>\n");
      }
      page.append("</tbody></table>\n");
    }
    return page.append("</body></html>\n").toString();
  }

  /** "+12.3" or "-4.0", or an em dash. */
  public static String signed(double value) {
    return Double.isNaN(value) ? "\u2014" : String.format(Locale.ROOT, "%+.1f", value);
  }

  /** "[+10.1, +14.0]", or "n/a" without results files. */
  public static String interval(Difference d) {
    return d.hasInterval() ? "[" + signed(d.ciLow()) + ", " + signed(d.ciHigh()) + "]" : "n/a";
  }
}
