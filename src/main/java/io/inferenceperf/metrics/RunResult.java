package io.inferenceperf.metrics;

import java.util.List;

/**
 * A finished run's aggregates: one per stage (in stage order), and their merge as the run summary.
 *
 * @param stages every stage that was announced or received records, including empty ones
 * @param status how the run ended
 */
public record RunResult(
    List<StageResult> stages, RunStatus status, AggregationSettings settings, MeasurementSetup setup)
    implements AutoCloseable {

  /** One stage: its plan, how it ended and what it measured. */
  public record StageResult(int stageId, StageInfo info, RunStatus status, StageAggregate aggregate) {}

  public RunResult {
    stages = List.copyOf(stages);
  }

  /**
   * The run summary: a new aggregate merging every stage (the stages are unchanged). The caller closes it when done,
   * to free its scratch file at once.
   */
  public StageAggregate mergedStages() {
    StageAggregate summary = new StageAggregate(settings);
    for (StageResult stage : stages) {
      summary.merge(stage.aggregate());
    }
    return summary;
  }

  /** Frees every stage's scratch file; call once the reports are built. */
  @Override
  public void close() {
    stages.forEach(stage -> stage.aggregate().close());
  }

  /** Records over all stages. */
  public long recordCount() {
    return stages.stream().mapToLong(stage -> stage.aggregate().count()).sum();
  }

  /** Successful requests over all stages. */
  public long successCount() {
    return stages.stream().mapToLong(stage -> stage.aggregate().successCount()).sum();
  }
}
