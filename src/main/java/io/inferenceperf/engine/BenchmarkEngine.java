package io.inferenceperf.engine;

import io.inferenceperf.record.Status;
import io.inferenceperf.schedule.ClosedLoopStage;
import io.inferenceperf.schedule.OpenLoopStage;
import io.inferenceperf.schedule.SessionStage;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.schedule.StagePlan;
import io.inferenceperf.time.EngineClock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages of a plan in order, with the configured pause between them, and stops early (keeping every
 * measurement) when the {@link StopSignal} fires. The engine owns no I/O of its own: requests go through the
 * {@link RequestSender}, results to the {@link RunObserver}, and every wait through the {@link EngineClock}.
 */
public final class BenchmarkEngine {
  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkEngine.class);

  private final EngineParts parts;

  public BenchmarkEngine(
      RequestSender sender, EngineClock clock, EngineOptions options, StopSignal stop, LiveCounters counters) {
    this(sender, clock, options, stop, counters, late -> {});
  }

  /**
   * @param recorderTickLateness told how late each timed wake-up of the recorder thread was (a stall probe that
   *     costs no thread of its own)
   */
  public BenchmarkEngine(RequestSender sender, EngineClock clock, EngineOptions options, StopSignal stop,
      LiveCounters counters, LongConsumer recorderTickLateness) {
    this(EngineParts.threaded(sender, clock, options, stop, counters, recorderTickLateness));
  }

  BenchmarkEngine(EngineParts parts) {
    this.parts = parts;
    parts.stop().onStop(parts.clock()::wake);
  }

  /** The result of a run: its status and each stage that ran. */
  public record RunOutcome(Status status, List<StageOutcome> stages) {}

  /**
   * Runs every stage and returns once all records have been handed to {@code observer}. Never throws for request
   * failures (they are records); an exception from the request factory ends the run and propagates.
   */
  public RunOutcome run(RunPlan plan, RequestFactory factory, RunObserver observer) throws InterruptedException {
    List<StageOutcome> outcomes = new ArrayList<>();
    StopSignal stop = parts.stop();
    try (RecordSink recorder = parts.recorders().apply(observer)) {
      StageRunner runner = new StageRunner(parts, recorder);
      for (StagePlan stage : plan.stages()) {
        if (stop.stopped()) break;
        LOG.info("stage {} starting: {}", stage.stageId(), describe(stage));
        try {
          outcomes.add(runner.run(stage, factory));
          if (parts.options().settleBetweenStages()) recorder.flush(); // an observer may stop the run on them
        } finally {
          stop.stageOver();
        }
        boolean last = stage.stageId() == plan.stages().size() - 1;
        if (!last && plan.intervalNanos() > 1_000_000_000L) {
          LOG.info("stage {} done; stage {} starts in {} s (load.interval)", stage.stageId(), stage.stageId() + 1,
              plan.intervalNanos() / 1e9);
        }
        if (!last) pause(plan.intervalNanos());
      }
      recorder.flush();
    }
    return new RunOutcome(stop.runStatus(outcomes), List.copyOf(outcomes));
  }

  /** The pause between stages (load.interval); ends early when the run stops. */
  private void pause(long nanos) throws InterruptedException {
    EngineClock clock = parts.clock();
    long end = clock.nanoTime() + nanos;
    while (!parts.stop().stopped() && clock.nanoTime() < end) clock.awaitUntil(end);
  }

  /** A one-line description of a stage, as in the dry-run plan. */
  public static String describe(StagePlan stage) {
    return switch (stage) {
      case OpenLoopStage open when open.trace() != null -> String.format(
          "trace_replay: the first %d rows of %s, over %s s: %d requests", open.trace().count(),
          open.trace().times().source(), trim(open.trace().lastOffsetNanos() / 1e9), open.plannedRequests());
      case OpenLoopStage open -> String.format(
          "%s arrivals at %s req/s for %s s: %d requests",
          open.typeName(), trim(open.rate()), trim(open.durationNanos() / 1e9), open.plannedRequests());
      case SessionStage sessions -> String.format(
          "trace_session_replay: %d sessions %s, %s at once, %s per second%s: %d requests",
          sessions.sessionCount(), sessions.graphEvents() >= 0 ? "(recorded graphs of LLM calls)"
              : "of " + sessions.turnsPerSession() + " turn(s)",
          sessions.concurrentSessions() == 0 ? "any number" : String.valueOf(sessions.concurrentSessions()),
          sessions.sessionRate() == 0 ? "no limit" : trim(sessions.sessionRate()),
          sessions.timeoutNanos() == 0 ? "" : ", timeout " + trim(sessions.timeoutNanos() / 1e9) + " s",
          sessions.plannedRequests());
      case ClosedLoopStage closed -> String.format(
          "concurrent: %d requests, %d in flight at a time", closed.plannedRequests(), closed.concurrency());
    };
  }

  /** A number without a trailing .0. */
  public static String trimmed(double value) {
    return trim(value);
  }

  static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
