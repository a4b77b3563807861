package io.inferenceperf.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.metrics.ClientHealth;
import io.inferenceperf.metrics.RunStatus;
import io.inferenceperf.metrics.StageInfo;

/**
 * One stage's report: the {@code stage_N_lifecycle_metrics} tree plus the typed figures the console tables use.
 *
 * @param json the report tree, written as {@link #fileName()}
 */
public record StageReport(
    int stageId, StageInfo info, RunStatus status, ClientHealth health, ObjectNode json, TableFigures figures) {

  /** The report's file name without prefix or extension, as inference-perf names it. */
  public String fileName() {
    return "stage_" + stageId + "_lifecycle_metrics";
  }
}
