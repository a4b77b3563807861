package io.inferenceperf.engine;

import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.schedule.StagePlan;
import io.inferenceperf.time.NanoClock;
import io.inferenceperf.transport.RequestSender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages of a plan in order, with the configured pause between them, and stops early (keeping every
 * measurement) when the {@link StopSignal} fires. The engine owns no I/O of its own: requests go through the
 * {@link RequestSender}, results to the {@link RunObserver}.
 */
public final class BenchmarkEngine {
  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkEngine.class);

  private final RequestSender sender;
  private final NanoClock clock;
  private final EngineOptions options;
  private final StopSignal stop;
  private final LiveCounters counters;

  public BenchmarkEngine(
      RequestSender sender, NanoClock clock, EngineOptions options, StopSignal stop, LiveCounters counters) {
    this.sender = sender;
    this.clock = clock;
    this.options = options;
    this.stop = stop;
    this.counters = counters;
  }

  /** The result of a run: its status and each stage that ran. */
  public record RunOutcome(RunStatus status, List<StageOutcome> stages) {}

  /**
   * Runs every stage and returns once all records have been handed to {@code observer}. Never throws for request
   * failures (they are records); an exception from the request factory ends the run and propagates.
   */
  public RunOutcome run(RunPlan plan, RequestFactory factory, RunObserver observer) throws InterruptedException {
    List<StageOutcome> outcomes = new ArrayList<>();
    try (Recorder recorder = new Recorder(observer)) {
      StageRunner runner = new StageRunner(sender, clock, options, stop, counters, recorder);
      for (StagePlan stage : plan.stages()) {
        if (stop.stopped()) break;
        LOG.info("stage {} starting: {}", stage.stageId(), describe(stage));
        outcomes.add(runner.run(stage, factory));
        boolean last = stage.stageId() == plan.stages().size() - 1;
        if (!last && !stop.stopped() && plan.intervalNanos() > 0) stop.sleep(plan.intervalNanos());
      }
      recorder.flush();
    }
    return new RunOutcome(stop.stopped() ? RunStatus.INTERRUPTED : RunStatus.COMPLETED, List.copyOf(outcomes));
  }

  /** A one-line description of a stage, as in the dry-run plan. */
  public static String describe(StagePlan stage) {
    return stage.openLoop()
        ? String.format(
            "%s arrivals at %s req/s for %s s: %d requests",
            stage.type().yamlName, trim(stage.rate()), trim(stage.durationNanos() / 1e9), stage.plannedRequests())
        : String.format(
            "concurrent: %d requests, %d in flight at a time", stage.plannedRequests(), stage.concurrency());
  }

  static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
