package io.inferenceperf.metrics;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects a run's records into one {@link StageAggregate} per stage, with each stage's plan and outcome, and hands
 * them over as a {@link RunResult} when the run ends. Records of negative stage ids (probes) are not reported, as in
 * inference-perf.
 *
 * <p><b>Threading:</b> not thread-safe and not meant to be: the engine calls every method from its single recorder
 * thread (the one that drains completed records), in order {@code stageStarted, add..., stageEnded, ..., finish}.
 * Records may arrive for a stage after its {@code stageEnded} (late completions) and are still counted.
 *
 * <p>Memory is bounded per distribution by {@link AggregationSettings#spill()} (one small block on the heap, the rest
 * in a scratch file) and, for percentiles, by {@link AggregationSettings#exactValuesCap()}.
 */
public final class RunAggregator {

  private final AggregationSettings settings;
  private final MeasurementSetup setup;
  private final Map<Integer, StageState> stages = new TreeMap<>();
  private long ignoredRecords;

  private static final class StageState {
    StageInfo info = StageInfo.unknown();
    Status status;
    final StageAggregate aggregate;

    StageState(AggregationSettings settings) {
      aggregate = new StageAggregate(settings);
    }
  }

  public RunAggregator(AggregationSettings settings, MeasurementSetup setup) {
    this.settings = settings;
    this.setup = setup;
  }

  /**
   * Announces a stage and what it asks for; call before its first record. Announced again (the same stage of
   * another load generator, when results are merged), the asks add up.
   */
  public void stageStarted(int stageId, StageInfo info) {
    StageState state = state(stageId);
    state.info = state.info.plus(info);
  }

  public void add(RequestRecord record) {
    if (record.stageId() < 0) {
      ignoredRecords++;
      return;
    }
    state(record.stageId()).aggregate.add(record);
  }

  /** A stage ended; announced by several load generators, the worst status stands (failed, interrupted). */
  public void stageEnded(int stageId, Status status) {
    StageState state = state(stageId);
    state.status = state.status == null || status.compareTo(state.status) > 0 ? status : state.status;
  }

  /** Records dropped because their stage id was negative. */
  public long ignoredRecords() {
    return ignoredRecords;
  }

  /**
   * Ends the run. Stages that were never ended take {@code runStatus}. The aggregator must not be used afterwards:
   * the result shares its aggregates.
   */
  public RunResult finish(Status runStatus) {
    List<RunResult.StageResult> results = new ArrayList<>();
    for (Map.Entry<Integer, StageState> entry : stages.entrySet()) {
      StageState stage = entry.getValue();
      if (entry.getKey() < 0) {
        continue;
      }
      Status status = stage.status == null ? runStatus : stage.status;
      results.add(new RunResult.StageResult(entry.getKey(), stage.info, status, stage.aggregate));
    }
    return new RunResult(results, runStatus, settings, setup);
  }

  private StageState state(int stageId) {
    return stages.computeIfAbsent(stageId, id -> new StageState(settings));
  }
}
