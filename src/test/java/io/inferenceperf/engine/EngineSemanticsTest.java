package io.inferenceperf.engine;

import static io.inferenceperf.engine.VirtualRun.MS;
import static io.inferenceperf.engine.VirtualRun.S;
import static io.inferenceperf.engine.VirtualRun.concurrent;
import static io.inferenceperf.engine.VirtualRun.constant;
import static io.inferenceperf.engine.VirtualRun.plan;
import static io.inferenceperf.engine.VirtualRun.poisson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.Failure.Kind;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.Status;
import io.inferenceperf.schedule.OpenLoopStage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine's semantics, pinned in virtual time (no real sleeps, exact instants): open and closed loops, the
 * interval, the grace period and cut-off, a stop at every phase, and the stage end, where every planned request of
 * a rate stage is either sent (late, with its schedule delay) or recorded as not sent.
 */
class EngineSemanticsTest {

  private static long sent(RequestRecord r) {
    return r.sentNanos();
  }

  private static Kind kind(RequestRecord r) {
    return r.failure() == null ? null : r.failure().kind();
  }

  @Test
  void anOpenLoopSendsEachRequestAtItsIntendedTimeWhateverEarlierResponsesDo() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 300 * MS); // far slower than the 100 ms gaps
    var outcome = run.run(plan(0, constant(0, 10, 1)));
    assertEquals(Status.COMPLETED, outcome.status());
    assertEquals(10, run.out.records.size());
    for (RequestRecord r : run.out.records) {
      assertEquals(r.seq() * 100 * MS, r.intendedStartNanos());
      assertEquals(r.intendedStartNanos(), sent(r), "sent at its time, exactly");
      assertTrue(r.success());
    }
    // At 300 ms request 0 ends as request 3 leaves: three overlap, the loop never waited for a response.
    assertEquals(3, run.sender.peakInFlight);
    StageOutcome stage = outcome.stages().get(0);
    assertEquals(1200 * MS, stage.endNanos(), "the stage ends when its last response does");
    assertEquals(10, stage.sent());
    assertEquals(0, stage.unsent());
  }

  @Test
  void poissonArrivalsAreTheSeededScheduleExactly() throws Exception {
    OpenLoopStage stage = poisson(0, 50, 2, 42);
    VirtualRun run = new VirtualRun(seq -> 20 * MS);
    run.run(plan(0, stage));
    List<Long> offsets = VirtualRun.offsets(stage);
    assertEquals(offsets.size(), run.out.records.size());
    assertEquals(offsets, run.out.records.stream().map(EngineSemanticsTest::sent).toList());
  }

  @Test
  void aSenderThatHoldsRequestsGetsThemAheadInBatchesAndWritesEachAtItsTime() throws Exception {
    VirtualRun run = new VirtualRun(seq -> MS).sender(0, 40 * MS, seq -> MS);
    run.run(plan(0, constant(0, 200, 1)));
    assertEquals(200, run.out.records.size());
    for (RequestRecord r : run.out.records) {
      VirtualSender.Handed handed = run.sender.handed.get(r.seq());
      long early = r.intendedStartNanos() - handed.handedAtNanos;
      assertTrue(early >= 0 && early <= 40 * MS, "handed over " + early + " ns early");
      assertEquals(r.intendedStartNanos(), sent(r));
    }
    long distinctHandOvers = run.sender.handed.values().stream().mapToLong(h -> h.handedAtNanos).distinct().count();
    assertTrue(distinctHandOvers <= 60, "one wake-up hands over a batch: " + distinctHandOvers + " wake-ups");
  }

  @Test
  void aClosedLoopKeepsExactlyItsConcurrencyAndStartsEachRequestWhenOneEnds() throws Exception {
    VirtualRun run = new VirtualRun(seq -> (seq % 3 + 1) * 10 * MS);
    run.run(plan(0, concurrent(0, 10, 3)));
    assertEquals(10, run.out.records.size());
    assertEquals(3, run.sender.peakInFlight);
    Set<Long> ends = new HashSet<>();
    for (RequestRecord r : run.out.records.stream().sorted((a, b) -> Long.compare(a.seq(), b.seq())).toList()) {
      if (r.seq() < 3) {
        assertEquals(0, sent(r), "the first slots start at once");
      } else {
        assertTrue(ends.contains(sent(r)), "request " + r.seq() + " starts when an earlier one ended");
        assertEquals(r.intendedStartNanos(), sent(r), "due when its slot freed: no schedule delay");
      }
      ends.add(r.endNanos());
    }
  }

  @Test
  void theIntervalSeparatesOneStageEndFromTheNextStart() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 300 * MS);
    run.run(plan(500 * MS, constant(0, 10, 1), constant(1, 10, 1)));
    assertEquals(List.of("start 0", "end 0 after 10", "start 1", "end 1 after 20"), run.out.events);
    assertEquals(1200 * MS, run.out.outcomes.get(0).endNanos());
    assertEquals(1700 * MS, run.out.starts.get(1).startNanos());
    assertEquals(VirtualClock.EPOCH_MILLIS_AT_ZERO + 1700, run.out.starts.get(1).startEpochMillis());
  }

  @Test
  void requestsStillInFlightWhenTheGracePeriodEndsAreCutThenAndRecorded() throws Exception {
    VirtualRun run = new VirtualRun(seq -> seq < 5 ? 100 * MS : 2 * S).grace(500 * MS);
    var outcome = run.run(plan(0, constant(0, 10, 1)));
    assertEquals(10, run.out.records.size(), "every sent request is recorded");
    for (RequestRecord r : run.out.records) {
      if (r.seq() < 5) {
        assertTrue(r.success());
      } else {
        assertEquals(Kind.CUT_AT_STAGE_END, kind(r));
        assertEquals(1500 * MS, r.endNanos(), "cut when the grace period ended");
      }
    }
    assertEquals(5, outcome.stages().get(0).cutOff());
    assertEquals(1500 * MS, outcome.stages().get(0).endNanos());
  }

  @Test
  void aClosedLoopWaitsForItsRequestsHoweverLongTheyTake() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 100 * S).grace(MS);
    var outcome = run.run(plan(0, concurrent(0, 4, 2)));
    assertEquals(4, run.out.records.size());
    assertTrue(run.out.records.stream().allMatch(RequestRecord::success), "no grace deadline for a closed loop");
    assertEquals(200 * S, outcome.stages().get(0).endNanos());
  }

  /** A stop at each phase of a run: what is recorded, what is only counted, what never runs. */
  static Stream<Arguments> stops() {
    return Stream.of(
        // phase, stop at, grace, records, interrupted records, their end, unsent, stages run
        Arguments.of("while sending", 350 * MS, 200 * MS, 4, 4, 550 * MS, 6, 1),
        Arguments.of("during the grace period", 1500 * MS, S, 10, 10, 2000 * MS, 0, 1),
        Arguments.of("in the interval between stages", 4 * S, S, 10, 0, -1L, 0, 1),
        Arguments.of("before the run", 0L, S, 0, 0, -1L, 0, 0));
  }

  @ParameterizedTest(name = "stop {0}")
  @MethodSource("stops")
  void aStopSendsNothingMoreGrantsTheGracePeriodAndKeepsEverythingMeasured(String phase, long stopAtNanos,
      long graceNanos, int records, int interrupted, long interruptedAtNanos, long unsent, int stagesRun)
      throws Exception {
    // Responses take 10 s; stage 0 sends 10 requests over 1 s; unstopped, its grace period ends at 1 s + grace and
    // stage 1 starts 5 s later.
    VirtualRun run = new VirtualRun(seq -> 10 * S).grace(graceNanos);
    if (stopAtNanos == 0) run.stop.stop("before");
    else run.stopAt(stopAtNanos);
    var outcome = run.run(plan(5 * S, constant(0, 10, 1), constant(1, 10, 1)));
    assertEquals(Status.INTERRUPTED, outcome.status());
    assertEquals(stagesRun, outcome.stages().size(), "no stage starts after the stop");
    assertEquals(records, run.out.records.size());
    List<RequestRecord> cut = run.out.records.stream().filter(r -> kind(r) == Kind.INTERRUPTED).toList();
    assertEquals(interrupted, cut.size());
    cut.forEach(r -> assertEquals(interruptedAtNanos, r.endNanos()));
    assertTrue(run.out.records.stream().allMatch(r -> sent(r) <= stopAtNanos), "nothing is sent after the stop");
    if (stagesRun > 0) assertEquals(unsent, outcome.stages().get(0).unsent(), "unsent requests are counted");
    assertTrue(run.out.records.stream().noneMatch(r -> kind(r) == Kind.NOT_SENT),
        "a stopped run does not fail what it did not send");
  }

  @Test
  void aStoppedClosedLoopGrantsItsRequestsInFlightTheGracePeriod() throws Exception {
    VirtualRun run = new VirtualRun(seq -> S).grace(300 * MS).stopAt(2500 * MS);
    var outcome = run.run(plan(0, concurrent(0, 10, 2)));
    assertEquals(Status.INTERRUPTED, outcome.status());
    assertEquals(6, run.out.records.size());
    assertEquals(4, run.out.records.stream().filter(RequestRecord::success).count());
    run.out.records.stream().filter(r -> !r.success()).forEach(r -> {
      assertEquals(Kind.INTERRUPTED, kind(r));
      assertEquals(2800 * MS, r.endNanos());
    });
    assertEquals(4, outcome.stages().get(0).unsent());
  }

  @Test
  void requestsWhosePromptsAreLateAreSentLateUntilTheGraceEndsThenRecordedAsNotSent() throws Exception {
    // Request i is ready at 200 ms x i but due at 100 ms x i; the grace period ends at 1.5 s.
    VirtualRun run = new VirtualRun(seq -> 50 * MS).grace(500 * MS).prepared(i -> i * 200 * MS);
    var outcome = run.run(plan(0, constant(0, 10, 1)));
    List<RequestRecord> records = run.out.records;
    assertEquals(10, records.size(), "every planned request is accounted for");
    for (RequestRecord r : records.subList(0, 8)) {
      assertTrue(r.success());
      assertEquals(r.seq() * 200 * MS, sent(r), "sent when its prompt was ready");
      assertEquals(r.seq() * 100 * MS, r.scheduleDelayNanos(), "carrying its schedule delay");
    }
    for (RequestRecord r : records.subList(8, 10)) {
      assertEquals(Kind.NOT_SENT, kind(r));
      assertEquals(-1, sent(r));
      assertEquals(1500 * MS, r.endNanos());
      assertTrue(r.failure().message().contains("prompt was not prepared in time"), r.failure().message());
    }
    assertEquals(List.of(800 * MS, 900 * MS), records.subList(8, 10).stream()
        .map(RequestRecord::intendedStartNanos).toList(), "each keeps its own intended time");
    assertEquals(8, outcome.stages().get(0).sent());
    assertEquals(2, outcome.stages().get(0).unsent());
  }

  @Test
  void requestsQueuedBehindAFullInFlightCapGoLateThenAreNotSentAtTheGraceEnd() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 400 * MS).sender(2, 0, seq -> 400 * MS).grace(500 * MS);
    var outcome = run.run(plan(0, constant(0, 10, 1)));
    assertEquals(2, run.sender.peakInFlight);
    List<RequestRecord> bySeq = run.out.records.stream()
        .sorted((a, b) -> Long.compare(a.seq(), b.seq())).toList();
    assertEquals(10, bySeq.size());
    long[] expectedSent = {0, 100, 400, 500, 800, 900, 1200, 1300};
    for (int i = 0; i < 8; i++) assertEquals(expectedSent[i] * MS, sent(bySeq.get(i)), "seq " + i);
    for (int i = 0; i < 6; i++) assertTrue(bySeq.get(i).success());
    assertEquals(Kind.CUT_AT_STAGE_END, kind(bySeq.get(6)));
    assertEquals(Kind.CUT_AT_STAGE_END, kind(bySeq.get(7)));
    for (RequestRecord r : bySeq.subList(8, 10)) {
      assertEquals(Kind.NOT_SENT, kind(r));
      assertEquals(-1, sent(r));
      assertTrue(r.failure().message().contains("load.worker_max_concurrency"), r.failure().message());
    }
    StageOutcome stage = outcome.stages().get(0);
    assertEquals(2, stage.cutOff());
    assertEquals(2, stage.unsent());
    assertEquals(10, stage.sent(), "all ten were handed over; two of them never left the sender's queue");
  }

  @Test
  void aPacerHeldUpLessThanTheGraceSendsEveryRequestLate() throws Exception {
    RequestFactory stallsAtThree = (stage, i) -> {
      if (i == 3) runOf.clock.advance(S); // the pacer thread was held up for a second
      return VirtualRun.FACTORY.prepare(stage, i);
    };
    runOf = new VirtualRun(seq -> 50 * MS).grace(500 * MS);
    runOf.run(plan(0, constant(0, 10, 1)), stallsAtThree);
    assertEquals(10, runOf.out.records.size());
    assertTrue(runOf.out.records.stream().allMatch(RequestRecord::success));
    for (RequestRecord r : runOf.out.records.subList(3, 10)) {
      assertEquals(1300 * MS, sent(r), "sent as soon as the pacer was back");
    }
    assertEquals(400 * MS, runOf.out.records.get(9).scheduleDelayNanos());
  }

  @Test
  void aPacerHeldUpPastTheGraceRecordsTheRestAsNotSent() throws Exception {
    RequestFactory stallsAtThree = (stage, i) -> {
      if (i == 3) runOf.clock.advance(2 * S);
      return VirtualRun.FACTORY.prepare(stage, i);
    };
    runOf = new VirtualRun(seq -> 50 * MS).grace(500 * MS);
    var outcome = runOf.run(plan(0, constant(0, 10, 1)), stallsAtThree);
    assertEquals(10, runOf.out.records.size());
    assertEquals(3, runOf.out.records.stream().filter(RequestRecord::success).count());
    List<RequestRecord> notSent = runOf.out.records.stream().filter(r -> kind(r) == Kind.NOT_SENT).toList();
    assertEquals(7, notSent.size());
    assertTrue(notSent.get(0).failure().message().contains("still behind its schedule"));
    assertEquals(7, outcome.stages().get(0).unsent());
  }

  private VirtualRun runOf;

  /** For many seeded set-ups: every planned request of a completed rate stage is exactly one record. */
  @Test
  void everyPlannedRequestIsAccountedForExactlyOnce() throws Exception {
    SplittableRandom random = new SplittableRandom(2026);
    for (int trial = 0; trial < 60; trial++) {
      double rate = 5 + random.nextInt(200);
      double seconds = 0.2 + random.nextDouble() * 2;
      long serviceMax = (1 + random.nextInt(3_000)) * MS;
      long graceNanos = random.nextInt(1_500) * MS;
      int cap = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(20);
      long prepareEvery = random.nextInt(3) == 0 ? random.nextInt(30) * MS : 0;
      long seed = random.nextLong();
      OpenLoopStage stage = random.nextBoolean() ? constant(0, rate, seconds) : poisson(0, rate, seconds, seed);
      SplittableRandom service = new SplittableRandom(seed);
      long[] serviceBySeq = new long[(int) stage.plannedRequests() + 1];
      for (int i = 0; i < serviceBySeq.length; i++) serviceBySeq[i] = 1 + service.nextLong(serviceMax);
      VirtualRun run = new VirtualRun(seq -> serviceBySeq[(int) seq])
          .sender(cap, 0, seq -> serviceBySeq[(int) seq]).grace(graceNanos).prepared(i -> i * prepareEvery);
      var outcome = run.run(plan(0, stage));
      String setup = "trial " + trial + ": " + stage + " cap " + cap + " grace " + graceNanos;
      long graceEnd = stage.durationNanos() + graceNanos;
      assertEquals(stage.plannedRequests(), run.out.records.size(), setup);
      assertEquals(stage.plannedRequests(), run.out.records.stream().map(RequestRecord::seq).distinct().count());
      for (RequestRecord r : run.out.records) {
        if (sent(r) >= 0) {
          assertTrue(sent(r) >= r.intendedStartNanos() && sent(r) <= graceEnd, setup + " " + r);
        } else {
          assertEquals(Kind.NOT_SENT, kind(r), setup);
        }
        assertTrue(r.endNanos() <= graceEnd, setup + ": nothing outlives the grace period");
      }
      StageOutcome o = outcome.stages().get(0);
      long notSent = run.out.records.stream().filter(r -> sent(r) < 0).count();
      assertEquals(notSent, o.unsent(), setup);
    }
  }
}
