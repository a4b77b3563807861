package io.inferenceperf.metrics;

import io.inferenceperf.record.Status;
import java.util.List;

/**
 * A run's immutable result, all the lifecycle reports and tables are rendered from.
 *
 * @param stages the stages that have records, in stage order
 * @param total the whole run (the merge of its stages), null when not asked for or the run has no record
 */
public record RunSummary(
    Status status, MeasurementSetup setup, AggregationSettings settings, List<StageSummary> stages, Summary total) {

  public RunSummary {
    stages = List.copyOf(stages);
  }

  /** Records over all stages. */
  public long recordCount() {
    return stages.stream().mapToLong(stage -> stage.summary().count(Count.RECORDS)).sum();
  }

  /** Successful requests over all stages. */
  public long successCount() {
    return stages.stream().mapToLong(stage -> stage.summary().count(Count.SUCCESSES)).sum();
  }
}
