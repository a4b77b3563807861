package io.inferenceperf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.htmlreport.HtmlReport;
import io.inferenceperf.htmlreport.Timeline;
import io.inferenceperf.metrics.ClientHealth;
import io.inferenceperf.metrics.ClientResources;
import io.inferenceperf.metrics.DistributionSummary;
import io.inferenceperf.metrics.Metric;
import io.inferenceperf.metrics.StageSummary;
import io.inferenceperf.record.Status;
import io.inferenceperf.report.ReportFiles;
import io.inferenceperf.report.ReportInputs;
import io.inferenceperf.report.ReportSet;
import io.inferenceperf.report.SessionLifecycleReports;
import io.inferenceperf.report.SummaryTables;
import io.inferenceperf.servermetrics.ServerMetricsTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3 of a run, and all of the {@code report} command: builds every report from the results' inputs, writes the
 * files and prints the tables. A run and a rebuild from its results file go through here the same way, so they write
 * the same bytes.
 */
final class ReportStep {
  private static final Logger LOG = LoggerFactory.getLogger(ReportStep.class);

  private final PrintStream out;
  private final PrintStream err;

  /** Under the client's resources when server.type is simulator; one line within 80 columns. */
  static final String EMBEDDED_SERVER_NOTE = "  (the embedded simulator runs in this process: its CPU is counted too)";

  ReportStep(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** The run's reports, then its exit code. */
  ExitCode report(ResolvedRun run, RunExecution.Executed executed) throws UserError {
    ReportConfig reportConfig = run.config().report();
    ReportInputs inputs = executed.results().finish(reportConfig.requestLifecycle().summary(),
        ClientHealth.Thresholds.DEFAULT.withInFlightCap(RunSetup.inFlightCap(run.config())));
    List<Path> written;
    try {
      written = new ArrayList<>(write(inputs, reportConfig, run.files(), run.folder(), executed.timeline(),
          run.config().server().type().inProcess()));
    } catch (UserError e) {
      if (!executed.writeFailures().isEmpty()) {
        err.println(e.getMessage());
        throw new UserError(ExitCode.RUN_FAILED, WriteFailureStop.finalLine(executed.writeFailures(), run.folder()));
      }
      throw e;
    }
    executed.conclusions().forEach(out::println);
    ExitCode code = exitCode(executed.outcome().status(), inputs);
    if (!executed.writeFailures().isEmpty()) {
      err.println(WriteFailureStop.finalLine(executed.writeFailures(), run.folder()));
      code = ExitCode.RUN_FAILED;
    }
    if (!run.storage().enabled()) return code;
    written.addAll(List.of(executed.resultsFile(), run.files().perRequestPath(), run.files().configPath()));
    written.addAll(executed.extraReports());
    run.storage().uploadAll(written);
    return run.storage().finish(code, err);
  }

  /**
   * Builds, writes and prints the reports of {@code inputs} into {@code folder}, with {@code report.html} (its charts
   * over time from {@code timeline}); returns the files written.
   */
  List<Path> write(ReportInputs inputs, ReportConfig reportConfig, ReportFiles files, Path folder, Timeline timeline)
      throws UserError {
    return write(inputs, reportConfig, files, folder, timeline, false);
  }

  /**
   * @param serverInProcess the server was the embedded simulator: its CPU is in the process's figures, and the
   *     console says so under them (the quickstart's stages: 19.0 ms/request with it, 13.1 ms without)
   */
  List<Path> write(ReportInputs inputs, ReportConfig reportConfig, ReportFiles files, Path folder, Timeline timeline,
      boolean serverInProcess) throws UserError {
    ReportSet reports = ReportSet.build(inputs, reportConfig);
    List<Path> written;
    try {
      written = new ArrayList<>(files.writeAll(reports));
      for (Map.Entry<String, JsonNode> file : SessionLifecycleReports.files(inputs.sessions(),
          reportConfig.sessionLifecycle(), percentiles(reportConfig)).entrySet()) {
        written.add(files.write(file.getKey(), file.getValue()));
      }
      writeHtml(reports, timeline, files).ifPresent(written::add);
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "cannot write reports into " + folder + ": " + e.getMessage());
    }
    out.print(SummaryTables.render(reports.stages(), Terminal.width(), Terminal.interactive()));
    List<String> serverTable = ServerMetricsTable.render(inputs.serverMetrics(), clientTtft(inputs));
    if (!serverTable.isEmpty()) out.println("\n" + String.join("\n", serverTable));
    if (inputs.runResources() != null) {
      out.println(inputs.runResources().consoleLine(stagesUsage(inputs)));
      if (serverInProcess) out.println(EMBEDDED_SERVER_NOTE);
    }
    out.println(reportsLine(folder, written)); // last, where a user looks when the run ends
    return written;
  }

  private static List<Double> percentiles(ReportConfig config) {
    return config.requestLifecycle() == null ? ReportConfig.RequestLifecycle.DEFAULT_PERCENTILES
        : config.requestLifecycle().percentiles();
  }

  /** report.html; a failure to render it costs only the page (logged), never the run's other reports. */
  private static Optional<Path> writeHtml(ReportSet reports, Timeline timeline, ReportFiles files) throws IOException {
    Path html = files.file(HtmlReport.FILE_NAME);
    String page;
    try {
      page = HtmlReport.render(reports, timeline);
    } catch (RuntimeException e) {
      LOG.warn("report.html not written: {}", e.toString());
      return Optional.empty();
    }
    Files.writeString(html, page, StandardCharsets.UTF_8);
    return Optional.of(html);
  }

  /**
   * Where the reports are, e.g. {@code Reports in /abs/reports-20260101-120000 (4 files)}: short, so it fits an
   * 80-column terminal unless the folder's own path does not.
   */
  static String reportsLine(Path folder, List<Path> written) {
    String files = written.size() == 1 ? " file)" : " files)";
    return "Reports in " + folder.toAbsolutePath() + " (" + written.size() + files;
  }

  /** The stages' usage added up, or null when a stage's is unknown. */
  private static ClientResources.Usage stagesUsage(ReportInputs inputs) {
    ClientResources.Usage sum = null;
    for (ClientResources.Usage stage : inputs.stageResources().values()) {
      if (stage == null) return null;
      sum = sum == null ? stage : sum.plus(stage);
    }
    return sum;
  }

  private ExitCode exitCode(Status status, ReportInputs inputs) {
    if (status == Status.FAILED && !inputs.breakerTrips().isEmpty()) {
      err.println("Run failed: " + inputs.breakerTrips().getFirst().describe() + ". The reports hold what was"
          + " measured, with the breaker under circuit_breaker in the stage's report.");
      return ExitCode.RUN_FAILED;
    }
    if (status != Status.COMPLETED) {
      err.println("Run interrupted: the reports hold what was measured until then.");
      return Signals.exitCode();
    }
    if (Signals.receivedAny()) { // after the last stage: while collecting server metrics or writing the reports
      err.println("Run interrupted after its last stage: the stages' reports are complete.");
      return Signals.exitCode();
    }
    if (inputs.run().recordCount() > 0 && inputs.run().successCount() == 0) {
      err.println("No request succeeded: see the Errors table above and the failures block of the reports.");
      return ExitCode.RUN_FAILED;
    }
    return ExitCode.OK;
  }

  private static Map<Integer, ServerMetricsTable.ClientTtft> clientTtft(ReportInputs inputs) {
    Map<Integer, ServerMetricsTable.ClientTtft> out = new LinkedHashMap<>();
    for (StageSummary stage : inputs.run().stages()) {
      DistributionSummary ttft = stage.summary().distribution(Metric.TTFT);
      out.put(stage.stageId(), ttft == null ? new ServerMetricsTable.ClientTtft(null, null)
          : new ServerMetricsTable.ClientTtft(ttft.mean(), ttft.percentile(90)));
    }
    return out;
  }
}
