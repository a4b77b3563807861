package io.inferenceperf.engine;

import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.schedule.ClosedLoopStage;
import io.inferenceperf.schedule.OpenLoopStage;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.schedule.StagePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/** One engine run in virtual time, set up by a test: the sender's behaviour, preparation, grace, a stop. */
final class VirtualRun {
  static final long MS = 1_000_000;
  static final long S = 1_000_000_000;

  static final RequestFactory FACTORY =
      (stage, i) -> new PreparedRequest("/v1/completions", new byte[0], Map.of(), "m", true, 10, false);

  /** What the observer saw, in order. */
  static final class Collect implements RunObserver {
    final List<RequestRecord> records = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<StageOutcome> outcomes = new ArrayList<>();
    final List<RunObserver.StageClock> starts = new ArrayList<>();
    final List<io.inferenceperf.record.SessionRecord> sessions = new ArrayList<>();

    @Override
    public void sessionEnded(io.inferenceperf.record.SessionRecord session) {
      events.add("session " + session.sessionId());
      sessions.add(session);
    }

    @Override
    public void stageStarted(StagePlan plan, StageClock clock) {
      events.add("start " + plan.stageId());
      starts.add(clock);
    }

    @Override
    public void record(RequestRecord record) {
      records.add(record);
    }

    @Override
    public void stageEnded(StagePlan plan, StageOutcome outcome) {
      events.add("end " + plan.stageId() + " after " + records.size());
      outcomes.add(outcome);
    }

    List<RequestRecord> ofStage(int stageId) {
      return records.stream().filter(r -> r.stageId() == stageId).toList();
    }
  }

  final VirtualClock clock = new VirtualClock();
  final StopSignal stop = new StopSignal();
  final Collect out = new Collect();
  VirtualSender sender;
  LongUnaryOperator readyAtNanos = index -> 0;
  long graceNanos = 30 * S;

  VirtualRun(LongUnaryOperator serviceNanosBySeq) {
    sender = new VirtualSender(clock, serviceNanosBySeq);
  }

  VirtualRun sender(int maxInFlight, long sendAheadNanos, LongUnaryOperator serviceNanosBySeq) {
    sender = new VirtualSender(clock, serviceNanosBySeq, maxInFlight, sendAheadNanos);
    return this;
  }

  VirtualRun grace(long nanos) {
    graceNanos = nanos;
    return this;
  }

  /** Request i of each stage is prepared (ready) at {@code readyAtNanos(i)} of the clock. */
  VirtualRun prepared(LongUnaryOperator readyAt) {
    readyAtNanos = readyAt;
    return this;
  }

  VirtualRun stopAt(long nanos) {
    clock.schedule(nanos, () -> stop.stop("test stop"));
    return this;
  }

  BenchmarkEngine.RunOutcome run(RunPlan plan, RequestFactory factory) throws InterruptedException {
    EngineParts parts = new EngineParts(sender, clock, new EngineOptions(graceNanos, 0, 1), stop,
        new LiveCounters(), ScriptedSource.readyAt(clock, stop, readyAtNanos), DirectRecorder::new,
        stageId -> new DirectExecutorService());
    return new BenchmarkEngine(parts).run(plan, factory, out);
  }

  BenchmarkEngine.RunOutcome run(RunPlan plan) throws InterruptedException {
    return run(plan, FACTORY);
  }

  static RunPlan plan(long intervalNanos, StagePlan... stages) {
    return new RunPlan(List.of(stages), intervalNanos, 1);
  }

  static OpenLoopStage constant(int id, double rate, double seconds) {
    return OpenLoopStage.of(id, LoadType.CONSTANT, rate, Math.round(seconds * S), 100 + id);
  }

  static OpenLoopStage poisson(int id, double rate, double seconds, long seed) {
    return OpenLoopStage.of(id, LoadType.POISSON, rate, Math.round(seconds * S), seed);
  }

  static ClosedLoopStage concurrent(int id, long requests, int concurrency) {
    return new ClosedLoopStage(id, requests, concurrency, 7);
  }

  /** The offsets of an open-loop stage's arrivals. */
  static List<Long> offsets(OpenLoopStage stage) {
    List<Long> out = new ArrayList<>();
    var cursor = stage.arrivals().cursor();
    for (long o; (o = cursor.nextOffsetNanos()) >= 0; ) out.add(o);
    return out;
  }
}
