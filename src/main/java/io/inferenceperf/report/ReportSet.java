package io.inferenceperf.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.config.ReportConfig;
import io.inferenceperf.metrics.ClientHealth;
import io.inferenceperf.metrics.RunResult;
import io.inferenceperf.metrics.RunStatus;
import io.inferenceperf.metrics.StageAggregate;
import java.util.ArrayList;
import java.util.List;

/**
 * Every lifecycle report of a run, built from a {@link RunResult}: one {@link StageReport} per stage that has
 * records, and the run summary (the merge of all stages) when {@code report.request_lifecycle.summary} is on.
 *
 * @param summary the {@code summary_lifecycle_metrics} tree, or null when off or the run has no record
 * @param stages stage reports in stage order (always built: the console tables need them)
 * @param writeStageFiles whether {@code report.request_lifecycle.per_stage} asks for the stage files
 */
public record ReportSet(ObjectNode summary, List<StageReport> stages, RunStatus status, boolean writeStageFiles) {

  public static final String SUMMARY_FILE = "summary_lifecycle_metrics";

  public ReportSet {
    stages = List.copyOf(stages);
  }

  /** Builds with default lifecycle settings and client-health thresholds. */
  public static ReportSet build(RunResult run) {
    return build(run, ReportConfig.RequestLifecycle.defaults(), ClientHealth.Thresholds.DEFAULT);
  }

  public static ReportSet build(RunResult run, ReportConfig.RequestLifecycle lifecycle) {
    return build(run, lifecycle, ClientHealth.Thresholds.DEFAULT);
  }

  public static ReportSet build(
      RunResult run, ReportConfig.RequestLifecycle lifecycle, ClientHealth.Thresholds thresholds) {
    List<StageReport> stages = new ArrayList<>();
    for (RunResult.StageResult stage : run.stages()) {
      if (stage.aggregate().count() > 0) {
        stages.add(stageReport(stage, run, thresholds));
      }
    }
    ObjectNode summary = null;
    if (lifecycle.summary() && run.recordCount() > 0) {
      try (StageAggregate merged = run.mergedStages()) {
        summary = LifecycleReportBuilder.summary(merged, run.status(), run.setup());
      }
    }
    return new ReportSet(summary, stages, run.status(), lifecycle.perStage());
  }

  private static StageReport stageReport(
      RunResult.StageResult stage, RunResult run, ClientHealth.Thresholds thresholds) {
    StageAggregate aggregate = stage.aggregate();
    ClientHealth health = ClientHealth.assess(stage.info(), aggregate, thresholds);
    ObjectNode json = LifecycleReportBuilder.stage(aggregate, stage.info(), health, stage.status(), run.setup());
    return new StageReport(stage.stageId(), stage.info(), stage.status(), health, json, TableFigures.of(aggregate));
  }
}
