package io.inferenceperf.cli;

import io.inferenceperf.engine.RunObserver;
import io.inferenceperf.engine.StageOutcome;
import io.inferenceperf.metrics.ClientResources;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.SessionRecord;
import io.inferenceperf.record.Status;
import io.inferenceperf.results.ResultsListener;
import io.inferenceperf.results.SessionStagePlan;
import io.inferenceperf.results.StageEnd;
import io.inferenceperf.results.StageStart;
import io.inferenceperf.schedule.ClosedLoopStage;
import io.inferenceperf.schedule.OpenLoopStage;
import io.inferenceperf.schedule.SessionStage;
import io.inferenceperf.schedule.StagePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the engine produces into results (stage starts with their plan, records with their extra info, stage
 * ends with the client's cost in the stage) for the results listeners (results file, aggregation, per-request file),
 * and keeps the progress line and the server-metrics boundaries informed. Runs on the recorder thread only.
 */
final class ReportingObserver implements RunObserver {
  private static final Logger LOG = LoggerFactory.getLogger(ReportingObserver.class);

  private final ResultsListener results;
  private final LongFunction<Map<String, Object>> extraInfo;
  private final ProgressLine progress;
  private final Runnable stageBoundary;
  private final ClientResources resources;
  private final List<StageOutcome> outcomes = new ArrayList<>();
  private ClientResources.Reading stageStartReading;
  private long stageRecords;
  private long stageDone;
  private long stageFailed;

  /**
   * @param extraInfo each record's extra info for the per-request file (multi-turn sessions), or null
   * @param resources read at each stage's start and end, for the stage's client_resources; may be null
   */
  ReportingObserver(ResultsListener results, LongFunction<Map<String, Object>> extraInfo, ProgressLine progress,
      Runnable stageBoundary, ClientResources resources) {
    this.results = results;
    this.extraInfo = extraInfo;
    this.progress = progress;
    this.stageBoundary = stageBoundary;
    this.resources = resources;
  }

  @Override
  public void stageStarted(StagePlan plan, StageClock clock) {
    stageRecords = 0;
    stageDone = 0;
    stageFailed = 0;
    if (resources != null) stageStartReading = resources.read();
    stageBoundary.run();
    results.stageStarted(stageStart(plan, clock));
    if (plan instanceof SessionStage sessions && sessions.graphEvents() >= 0) {
      results.sessionStage(new SessionStagePlan(sessions.stageId(), sessions.timeoutNanos(),
          sessions.concurrentSessions(), sessions.sessionRate()));
    }
  }

  @Override
  public void sessionEnded(SessionRecord session) {
    results.session(session);
  }

  static StageStart stageStart(StagePlan plan, StageClock clock) {
    return switch (plan) {
      // a load generator of a distributed run is asked for its share of the rate; a merge adds the shares up
      case OpenLoopStage open -> new StageStart(open.stageId(), open.typeName(),
          open.rate() / open.slice().replicas(), open.durationNanos(),
          open.plannedRequests(), 0, open.seed(), clock.startNanos(), clock.startEpochMillis());
      case SessionStage sessions -> new StageStart(sessions.stageId(), sessions.typeName(), Double.NaN, 0,
          // the stage's concurrency is its most sessions at once (all of them without a limit)
          sessions.plannedRequests(), Math.max(1, sessions.concurrentSessions() == 0 ? sessions.sessionCount()
              : sessions.concurrentSessions()), sessions.seed(), clock.startNanos(),
          clock.startEpochMillis());
      case ClosedLoopStage closed -> new StageStart(closed.stageId(), closed.typeName(), Double.NaN, 0,
          closed.plannedRequests(), closed.concurrency(), closed.seed(), clock.startNanos(),
          clock.startEpochMillis());
    };
  }

  @Override
  public void record(RequestRecord record) {
    stageRecords++;
    if (record.success()) stageDone++;
    else stageFailed++;
    results.record(record, extraInfo == null ? null : extraInfo.apply(record.seq()));
  }

  @Override
  public void stageEnded(StagePlan plan, StageOutcome outcome) {
    // Read before the boundary scrape below, which is not the client's cost.
    ClientResources.Usage usage = resources == null || stageStartReading == null ? null
        : resources.between(stageStartReading, resources.read(), stageRecords);
    results.stageEnded(new StageEnd(plan.stageId(), outcome.status(), outcome.endNanos(), outcome.endEpochMillis(),
        outcome.sent(), outcome.unsent(), outcome.cutOff(), usage));
    outcomes.add(outcome);
    stageBoundary.run();
    if (progress != null) {
      double durationSeconds = plan instanceof OpenLoopStage open ? open.durationNanos() / 1e9 : 0;
      progress.stageDone(plan.stageId(), outcome.sent(), plan.plannedRequests(), stageDone, stageFailed,
          (outcome.endNanos() - outcome.startNanos()) / 1e9, durationSeconds);
    }
    warnAboutShortfalls(plan, outcome);
  }

  private static void warnAboutShortfalls(StagePlan plan, StageOutcome outcome) {
    if (outcome.unsent() > 0 && outcome.status() == Status.COMPLETED && plan instanceof SessionStage) {
      // a completed session stage ran every session to its end: what was not sent depended on a failed request
      LOG.warn("stage {}: {} of {} planned requests were never sent: a turn or call they depend on failed (or, in"
          + " a session graph, waited longer than predecessor_wait_timeout_sec); they count as not_sent in the stage"
          + " report and as cancelled events in the session reports", plan.stageId(), outcome.unsent(),
          plan.plannedRequests());
    } else if (outcome.unsent() > 0) {
      boolean stopped = outcome.status() != Status.COMPLETED;
      LOG.warn("stage {}: {} of {} planned requests were never sent ({}); {}", plan.stageId(), outcome.unsent(),
          plan.plannedRequests(), !stopped ? "recorded as failures labelled Not Sent"
              : outcome.status() == Status.FAILED ? "the stage was stopped" : "the run was stopped",
          stopped ? "the reports count them as not_sent"
              : "the client fell behind: see client_health and load_summary.not_sent in the stage report");
    }
    if (outcome.cutOff() > 0) {
      LOG.warn("stage {}: {} requests were still in flight after the grace period and are recorded as failures "
          + "(load.stage_grace_period)", plan.stageId(), outcome.cutOff());
    }
  }

  /** How each stage that ran ended, in order (for the server-metrics windows). */
  List<StageOutcome> outcomes() {
    return outcomes;
  }
}
