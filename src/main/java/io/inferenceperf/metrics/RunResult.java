package io.inferenceperf.metrics;

import java.util.List;

/**
 * A finished run's aggregates: one per stage (in stage order), and their merge as the run summary.
 *
 * @param stages every stage that was announced or received records, including empty ones
 * @param status how the run ended
 */
public record RunResult(
    List<StageResult> stages, RunStatus status, AggregationSettings settings, MeasurementSetup setup) {

  /** One stage: its plan, how it ended and what it measured. */
  public record StageResult(int stageId, StageInfo info, RunStatus status, StageAggregate aggregate) {}

  public RunResult {
    stages = List.copyOf(stages);
  }

  /** The run summary: a new aggregate merging every stage (the stages are unchanged). */
  public StageAggregate mergedStages() {
    StageAggregate summary = new StageAggregate(settings);
    for (StageResult stage : stages) {
      summary.merge(stage.aggregate());
    }
    return summary;
  }

  /** Records over all stages. */
  public long recordCount() {
    return stages.stream().mapToLong(stage -> stage.aggregate().count()).sum();
  }
}
