package io.inferenceperf.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.metrics.ClientHealth;
import io.inferenceperf.metrics.StageInfo;
import io.inferenceperf.metrics.StageSummary;
import io.inferenceperf.record.Status;

/**
 * One stage's report: its summary, the {@code stage_N_lifecycle_metrics} tree rendered from it, and the typed
 * figures the console tables use.
 *
 * @param json the report tree, written as {@link #fileName()}
 */
public record StageReport(StageSummary stage, ObjectNode json, TableFigures figures) {

  public int stageId() {
    return stage.stageId();
  }

  public StageInfo info() {
    return stage.info();
  }

  public Status status() {
    return stage.status();
  }

  public ClientHealth health() {
    return stage.health();
  }

  /** The report's file name without prefix or extension, as inference-perf names it. */
  public String fileName() {
    return "stage_" + stageId() + "_lifecycle_metrics";
  }
}
