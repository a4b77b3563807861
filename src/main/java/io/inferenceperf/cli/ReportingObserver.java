package io.inferenceperf.cli;

import io.inferenceperf.engine.RunObserver;
import io.inferenceperf.engine.StageOutcome;
import io.inferenceperf.metrics.ClientResources;
import io.inferenceperf.metrics.RunAggregator;
import io.inferenceperf.metrics.RunStatus;
import io.inferenceperf.metrics.StageInfo;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.report.PerRequestFileWriter;
import io.inferenceperf.schedule.StagePlan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the engine's output to the aggregator, the streamed per-request file and the progress line. Runs on the
 * recorder thread only.
 */
final class ReportingObserver implements RunObserver {
  private static final Logger LOG = LoggerFactory.getLogger(ReportingObserver.class);

  private final RunAggregator aggregator;
  private final PerRequestFileWriter perRequest;
  private final ProgressLine progress;
  private final Runnable stageBoundary;
  private final ClientResources resources;
  private final List<StageOutcome> outcomes = new ArrayList<>();
  private final Map<Integer, ClientResources.Reading[]> stageReadings = new ConcurrentHashMap<>();
  private boolean perRequestBroken;
  private long stageDone;
  private long stageFailed;

  /** @param resources read at each stage's start and end, for the stage's client_resources; may be null */
  ReportingObserver(RunAggregator aggregator, PerRequestFileWriter perRequest, ProgressLine progress,
      Runnable stageBoundary, ClientResources resources) {
    this.stageBoundary = stageBoundary;
    this.aggregator = aggregator;
    this.perRequest = perRequest;
    this.progress = progress;
    this.resources = resources;
  }

  @Override
  public void stageStarted(StagePlan plan, StageClock clock) {
    stageDone = 0;
    stageFailed = 0;
    if (resources != null) {
      stageReadings.put(plan.stageId(), new ClientResources.Reading[] {resources.read(), null});
    }
    stageBoundary.run();
    aggregator.stageStarted(plan.stageId(), plan.openLoop()
        ? StageInfo.rate(plan.rate())
        : StageInfo.concurrent((int) plan.plannedRequests(), plan.concurrency()));
  }

  @Override
  public void record(RequestRecord record) {
    if (record.success()) stageDone++;
    else stageFailed++;
    aggregator.add(record);
    if (perRequest != null && !perRequestBroken) {
      try {
        perRequest.append(record);
      } catch (IOException e) {
        perRequestBroken = true; // keep measuring; the aggregated reports are still written
        LOG.error("cannot write the per-request file any more ({}); continuing without it", e.toString());
      }
    }
  }

  @Override
  public void stageEnded(StagePlan plan, StageOutcome outcome) {
    ClientResources.Reading[] window = stageReadings.get(plan.stageId());
    if (window != null) window[1] = resources.read(); // before the boundary scrape below, which is not our cost
    aggregator.stageEnded(plan.stageId(), outcome.status() == StageOutcome.Status.INTERRUPTED
        ? RunStatus.INTERRUPTED : RunStatus.COMPLETED);
    outcomes.add(outcome);
    stageBoundary.run();
    if (progress != null) {
      progress.stageDone(plan.stageId(), outcome.sent(), plan.plannedRequests(), stageDone, stageFailed,
          (outcome.endNanos() - outcome.startNanos()) / 1e9, plan.durationNanos() / 1e9);
    }
    if (outcome.unsent() > 0) {
      LOG.warn("stage {}: {} scheduled requests were never sent ({}); the client or the in-flight cap "
              + "(load.worker_max_concurrency) could not keep up, or (multi-turn data) turns were still waiting for"
              + " their session's previous turn", plan.stageId(), outcome.unsent(),
          outcome.status() == StageOutcome.Status.INTERRUPTED ? "run interrupted" : "stage time ran out");
    }
    if (outcome.cutOff() > 0) {
      LOG.warn("stage {}: {} requests were still in flight after the grace period and are recorded as failures "
          + "(load.stage_grace_period)", plan.stageId(), outcome.cutOff());
    }
  }

  /** The readings at a stage's start and end (from the recorder thread), or null when it did not run. */
  ClientResources.Reading[] stageReadings(int stageId) {
    ClientResources.Reading[] window = stageReadings.get(stageId);
    return window == null || window[1] == null ? null : window;
  }

  List<StageOutcome> outcomes() {
    return outcomes;
  }
}
