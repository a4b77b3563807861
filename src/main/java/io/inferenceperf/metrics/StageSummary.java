package io.inferenceperf.metrics;

import io.inferenceperf.record.Status;

/**
 * One stage's immutable result: what it asked for, how it ended, what it measured and whether the client kept up.
 */
public record StageSummary(int stageId, StageInfo info, Status status, Summary summary, ClientHealth health) {

  /** Planned requests that were never sent (0 when the plan is unknown). */
  public long notSent() {
    return notSent(info, summary);
  }

  static long notSent(StageInfo info, Summary summary) {
    return info.hasPlan() ? Math.max(0, info.plannedRequests() - summary.count(Count.SENT)) : 0;
  }
}
