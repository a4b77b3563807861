package io.inferenceperf.metrics;

import io.inferenceperf.record.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * A finished run's aggregates, one per stage in stage order, until {@link #summarize} turns them into the immutable
 * {@link RunSummary} the reports render.
 *
 * @param stages every stage that was announced or received records, including empty ones
 * @param status how the run ended
 */
public record RunResult(List<StageResult> stages, Status status, AggregationSettings settings, MeasurementSetup setup)
    implements AutoCloseable {

  /** One stage: its plan, how it ended and what it measured. */
  public record StageResult(int stageId, StageInfo info, Status status, StageAggregate aggregate) {}

  public RunResult {
    stages = List.copyOf(stages);
  }

  /**
   * The run summary's aggregate: a new aggregate merging every stage (the stages are unchanged). The caller closes
   * it when done, to free its scratch file at once.
   */
  public StageAggregate mergedStages() {
    StageAggregate summary = new StageAggregate(settings);
    for (StageResult stage : stages) {
      summary.merge(stage.aggregate());
    }
    return summary;
  }

  /**
   * Summarises every stage that has records, judges the client's health in each, and, when {@code withTotal} and
   * there are records, the whole run. Each spilled distribution is read back and sorted once here.
   */
  public RunSummary summarize(boolean withTotal, ClientHealth.Thresholds thresholds) {
    List<StageSummary> summaries = new ArrayList<>();
    for (StageResult stage : stages) {
      if (stage.aggregate().count() == 0) continue;
      Summary summary = stage.aggregate().summarize(settings.percentiles());
      // a completed session stage's unsent requests depended on failed ones: not the client falling behind
      long notSent = stage.status() == Status.COMPLETED && !stage.info().sessionStage()
          ? StageSummary.notSent(stage.info(), summary) : 0;
      ClientHealth health = ClientHealth.assess(stage.info(), summary, notSent, thresholds);
      summaries.add(new StageSummary(stage.stageId(), stage.info(), stage.status(), summary, health));
    }
    Summary total = null;
    if (withTotal && recordCount() > 0) {
      try (StageAggregate merged = mergedStages()) {
        total = merged.summarize(settings.percentiles());
      }
    }
    return new RunSummary(status, setup, settings, summaries, total);
  }

  /** Frees every stage's scratch file; call once the summaries are made. */
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
