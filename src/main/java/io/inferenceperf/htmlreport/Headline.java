package io.inferenceperf.htmlreport;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.report.ReportSet;
import io.inferenceperf.report.StageReport;
import io.inferenceperf.results.ResultsHeader;

/** The top of the page: status, requests, capacity (best stage) and whether the client kept up in every stage. */
final class Headline {
  private Headline() {}

  static String render(ReportSet reports, ResultsHeader header) {
    long successes = 0;
    long failures = 0;
    int keptUp = 0;
    StageReport best = null;
    for (StageReport stage : reports.stages()) {
      JsonNode json = stage.json();
      successes += json.path("successes").path("count").asLong();
      failures += json.path("failures").path("count").asLong();
      if (json.path("client_health").path("kept_up").asBoolean(false)) keptUp++;
      if (best == null || outputRate(stage) > outputRate(best)) best = stage;
    }
    int stages = reports.stages().size();
    StringBuilder html = new StringBuilder("<dl id=\"headline\">");
    item(html, "Run", Html.escape(HtmlReport.whereItRan(header)));
    item(html, "Status", Html.escape(String.valueOf(reports.status())));
    item(html, "Requests", "<span data-key=\"run.successes\">" + successes + "</span> succeeded, "
        + "<span data-key=\"run.failures\">" + failures + "</span> failed, in " + stages + " stages");
    if (best != null) {
      item(html, "Capacity", "<span data-key=\"run.best_output_tokens_per_sec\">" + Html.number(outputRate(best))
          + "</span> output tokens/s at stage " + best.stageId() + " ("
          + Html.number(StageTables.value(best.json(), "load_summary.achieved_rate")) + " req/s achieved)");
    }
    item(html, "Client health", keptUp == stages ? "kept up in every stage"
        : "<strong>kept up in " + keptUp + " of " + stages + " stages</strong>: the numbers of the others include"
            + " the client's own delays (see Client kept up below)");
    return html.append("</dl>\n").toString();
  }

  private static double outputRate(StageReport stage) {
    double rate = StageTables.value(stage.json(), "successes.throughput.output_tokens_per_sec");
    return Double.isNaN(rate) ? -1 : rate;
  }

  private static void item(StringBuilder html, String term, String value) {
    html.append("<dt>").append(term).append("</dt><dd>").append(value).append("</dd>");
  }
}
