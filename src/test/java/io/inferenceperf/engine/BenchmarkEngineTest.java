package io.inferenceperf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.config.LoadStage;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.schedule.StagePlan;
import io.inferenceperf.time.NanoClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BenchmarkEngineTest {
  static final RequestFactory FACTORY =
      (stage, i) -> new PreparedRequest("/v1/completions", new byte[0], Map.of(), "m", true, 10, false);

  static final class Collect implements RunObserver {
    final List<RequestRecord> records = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void stageStarted(StagePlan plan, StageClock clock) {
      events.add("start " + plan.stageId());
    }

    @Override
    public void record(RequestRecord record) {
      records.add(record);
    }

    @Override
    public void stageEnded(StagePlan plan, StageOutcome outcome) {
      events.add("end " + plan.stageId() + " after " + records.size());
    }
  }

  static RunPlan plan(LoadType type, LoadStage... stages) {
    return RunPlan.of(new LoadConfig(type, 0.05, List.of(stages), 1, 0, 100, null, 1, 10, 300, 60, 1));
  }

  static BenchmarkEngine engine(ScriptedSender sender, double graceSeconds, StopSignal stop) {
    return new BenchmarkEngine(
        sender, NanoClock.SYSTEM, EngineOptions.withGraceSeconds(graceSeconds), stop, new LiveCounters());
  }

  @Test
  void openLoopSendsAtIntendedTimesEvenWhenResponsesAreSlow() throws Exception {
    // Every response takes 300 ms, far longer than the 20 ms gap: an open loop must not wait for them.
    try (ScriptedSender sender = new ScriptedSender(seq -> 300_000_000L)) {
      Collect out = new Collect();
      var outcome = engine(sender, 5, new StopSignal()).run(plan(LoadType.CONSTANT, LoadStage.rate(50, 1)), FACTORY, out);
      assertEquals(RunStatus.COMPLETED, outcome.status());
      assertEquals(50, out.records.size());
      assertTrue(sender.maxInFlight.get() >= 10, "requests overlapped: " + sender.maxInFlight.get());
      long firstIntended = out.records.stream().mapToLong(RequestRecord::intendedStartNanos).min().orElseThrow();
      for (RequestRecord r : out.records) {
        assertEquals(firstIntended + Math.round(r.seq() * 1e9 / 50), r.intendedStartNanos(), "seq " + r.seq());
        assertTrue(r.success());
        // Bound generous for a shared machine; the point is "not serialised behind 300 ms responses".
        assertTrue(r.scheduleDelayNanos() < 100_000_000L, "delay " + r.scheduleDelayNanos());
      }
    }
  }

  @Test
  void aSenderThatHoldsRequestsGetsThemInBatchesAheadOfTheirTime() throws Exception {
    long ahead = 40_000_000L;
    try (ScriptedSender sender = new ScriptedSender(seq -> 1_000_000L, ahead)) {
      Collect out = new Collect();
      engine(sender, 5, new StopSignal()).run(plan(LoadType.CONSTANT, LoadStage.rate(200, 1)), FACTORY, out);
      assertEquals(200, out.records.size());
      long firstIntended = out.records.stream().mapToLong(RequestRecord::intendedStartNanos).min().orElseThrow();
      int handedEarly = 0;
      for (RequestRecord r : out.records) {
        assertEquals(firstIntended + Math.round(r.seq() * 1e9 / 200), r.intendedStartNanos(), "seq " + r.seq());
        long early = r.intendedStartNanos() - sender.calledAt.get(r.seq());
        assertTrue(early <= ahead, "handed over " + early + " ns ahead, more than the sender allows");
        if (early >= ahead / 4) handedEarly++; // a late pacer on a busy machine may hand some over at their time
      }
      assertTrue(handedEarly > 100, "most requests go out in early batches: " + handedEarly);
    }
  }

  @Test
  void closedLoopNeverExceedsConcurrencyAndSendsExactlyNumRequests() throws Exception {
    try (ScriptedSender sender = new ScriptedSender(seq -> 5_000_000L + (seq % 3) * 1_000_000L)) {
      Collect out = new Collect();
      engine(sender, 5, new StopSignal()).run(plan(LoadType.CONCURRENT, LoadStage.concurrent(60, 4)), FACTORY, out);
      assertEquals(60, out.records.size());
      assertEquals(4, sender.maxInFlight.get());
    }
  }

  @Test
  void requestsStillInFlightAfterGraceAreRecordedAsCutOff() throws Exception {
    // Stage of 0.5 s at 10 req/s; requests 0..2 are quick, the rest take 20 s; grace is 0.2 s.
    try (ScriptedSender sender = new ScriptedSender(seq -> seq < 3 ? 1_000_000L : 20_000_000_000L)) {
      Collect out = new Collect();
      long t0 = System.nanoTime();
      var outcome = engine(sender, 0.2, new StopSignal()).run(plan(LoadType.CONSTANT, LoadStage.rate(10, 0.5)), FACTORY, out);
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(5, out.records.size(), "every sent request is recorded, none dropped");
      assertEquals(2, out.records.stream().filter(r -> r.failure() != null
          && r.failure().kind() == Failure.Kind.CUT_AT_STAGE_END).count());
      assertEquals(2, outcome.stages().get(0).cutOff());
      assertTrue(elapsedMs < 5_000, "stage ended after its grace period, not after 20 s: " + elapsedMs);
    }
  }

  @Test
  void stopSignalEndsTheRunAndMarksInFlightAsInterrupted() throws Exception {
    try (ScriptedSender sender = new ScriptedSender(seq -> 10_000_000_000L)) {
      Collect out = new Collect();
      StopSignal stop = new StopSignal();
      Thread stopper = new Thread(() -> {
        try {
          Thread.sleep(300);
        } catch (InterruptedException ignored) {
        }
        stop.stop("test");
      });
      stopper.start();
      var outcome = engine(sender, 0.1, stop)
          .run(plan(LoadType.CONSTANT, LoadStage.rate(20, 10), LoadStage.rate(20, 10)), FACTORY, out);
      stopper.join();
      assertEquals(RunStatus.INTERRUPTED, outcome.status());
      assertEquals(1, outcome.stages().size(), "the second stage never starts");
      assertTrue(out.records.size() >= 3 && out.records.size() <= 12, "sent " + out.records.size());
      assertTrue(out.records.stream().allMatch(r -> r.failure().kind() == Failure.Kind.INTERRUPTED));
      assertEquals(StageOutcome.Status.INTERRUPTED, outcome.stages().get(0).status());
    }
  }

  @Test
  void observerSeesStageMarkersAroundTheirRecords() throws Exception {
    try (ScriptedSender sender = new ScriptedSender(seq -> 1_000_000L)) {
      Collect out = new Collect();
      engine(sender, 1, new StopSignal())
          .run(plan(LoadType.CONSTANT, LoadStage.rate(20, 0.25), LoadStage.rate(20, 0.25)), FACTORY, out);
      assertEquals(List.of("start 0", "end 0 after 5", "start 1", "end 1 after 10"), out.events);
      assertEquals(List.of(0, 0, 0, 0, 0, 1, 1, 1, 1, 1), out.records.stream().map(RequestRecord::stageId).toList());
    }
  }
}
