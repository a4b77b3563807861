package io.inferenceperf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The session gate: one turn in flight per session, turns built after their predecessor, stage resets. */
class SessionGateTest {

  /** A factory whose turn body is "session:round:what the previous turn generated". */
  static class Turns implements SessionRequestFactory {
    final int sessions;
    final String[] lastText;
    final Map<Long, String> builtBody = new ConcurrentHashMap<>();
    final List<Integer> stagesStarted = new CopyOnWriteArrayList<>();
    final List<Long> finishedOrder = new CopyOnWriteArrayList<>();
    final Map<Long, Long> indexBySeq = new ConcurrentHashMap<>();

    Turns(int sessions) {
      this.sessions = sessions;
      this.lastText = new String[sessions];
    }

    @Override
    public PreparedRequest prepare(int stageId, long index) {
      int session = sessionOf(index);
      String body = session + ":" + index / sessions + ":" + lastText[session];
      builtBody.put(index, body);
      return new PreparedRequest("/v1/completions", body.getBytes(StandardCharsets.UTF_8), Map.of(), "m", false,
          -1, false);
    }

    @Override
    public int sessionOf(long index) {
      return (int) (index % sessions);
    }

    @Override
    public int sessionCount() {
      return sessions;
    }

    @Override
    public void stageStarting(int stageId) {
      stagesStarted.add(stageId);
      java.util.Arrays.fill(lastText, "start");
    }

    @Override
    public void turnFinished(long index, RequestRecord record, String generatedText) {
      if (record.success()) lastText[sessionOf(index)] = generatedText;
      finishedOrder.add(index);
      indexBySeq.put(record.seq(), index);
    }
  }

  private record Sent(PreparedRequest request, long dueNanos, Consumer<RequestRecord> done) {
    String body() {
      return new String(request.body(), StandardCharsets.UTF_8);
    }
  }

  private static RequestRecord record(long seq, boolean ok) {
    return new RequestRecord(seq, 0, 0, 1, 2, new long[0], new int[0], -1, 1, false, 1, -1, -1, 1, ok ? 200 : 500,
        ok ? null : Failure.http(500, "boom"), "m", null, null, 0, -1, -1);
  }

  private static void finish(Sent sent, long seq, boolean ok, String text) {
    ((GeneratedTextCallback) sent.done()).complete(record(seq, ok), text);
  }

  @Test
  void aBusySessionsTurnWaitsAndIsBuiltFromThePreviousAnswer() throws Exception {
    Turns turns = new Turns(2);
    LinkedBlockingQueue<Sent> wire = new LinkedBlockingQueue<>();
    List<RequestRecord> delivered = new CopyOnWriteArrayList<>();
    try (SessionGate gate = new SessionGate(turns, 0, (r, due, done) -> wire.add(new Sent(r, due, done)), SessionGate.OWN_THREAD)) {
      gate.submit(0, 100, delivered::add); // session 0 round 0
      gate.submit(1, 200, delivered::add); // session 1 round 0
      gate.submit(2, 300, delivered::add); // session 0 round 1: must wait for turn 0
      Sent t0 = wire.poll(5, TimeUnit.SECONDS);
      Sent t1 = wire.poll(5, TimeUnit.SECONDS);
      assertEquals("0:0:start", t0.body());
      assertEquals("1:0:start", t1.body());
      assertEquals(null, wire.poll(200, TimeUnit.MILLISECONDS), "turn 2 is held while turn 0 is in flight");
      assertEquals(1, gate.unsent());

      finish(t0, 0, true, "answer-0");
      Sent t2 = wire.poll(5, TimeUnit.SECONDS);
      assertEquals("0:1:answer-0", t2.body(), "built after turn 0, from its answer");
      assertEquals(300, t2.dueNanos(), "keeps its own intended time: the wait is schedule delay");

      gate.submit(4, 500, delivered::add); // session 0 round 2
      finish(t2, 2, false, ""); // a failed turn leaves the conversation as it was
      Sent t4 = wire.poll(5, TimeUnit.SECONDS);
      assertEquals("0:2:answer-0", t4.body());
      finish(t1, 1, true, "x");
      finish(t4, 4, true, "y");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (delivered.size() < 4 && System.nanoTime() < deadline) Thread.sleep(2);
      assertEquals(4, delivered.size());
      assertEquals(0, gate.unsent());
      assertEquals(List.of(0), turns.stagesStarted);
    }
  }

  @Test
  void aPauseAfterATurnHoldsItsSessionAndTheNextTurnIsDueAtItsEnd() throws Exception {
    long pauseNanos = 300_000_000L;
    Turns turns = new Turns(2) {
      @Override
      public long pauseNanosAfter(long index, RequestRecord record) {
        return sessionOf(index) == 0 && record.success() ? pauseNanos : 0;
      }
    };
    LinkedBlockingQueue<Sent> wire = new LinkedBlockingQueue<>();
    List<RequestRecord> delivered = new CopyOnWriteArrayList<>();
    try (SessionGate gate = new SessionGate(turns, 0, (r, due, done) -> wire.add(new Sent(r, due, done)),
        SessionGate.OWN_THREAD, System::nanoTime)) {
      gate.submit(0, 0, delivered::add);
      gate.submit(1, 0, delivered::add);
      gate.submit(2, 0, delivered::add); // session 0 round 1: after turn 0 and its pause
      Sent t0 = wire.poll(5, TimeUnit.SECONDS);
      Sent t1 = wire.poll(5, TimeUnit.SECONDS);
      long finishedNanos = System.nanoTime();
      finish(t0, 0, true, "a");
      Sent t2 = wire.poll(5, TimeUnit.SECONDS);
      long sentNanos = System.nanoTime();
      assertEquals("0:1:a", t2.body());
      assertTrue(sentNanos - finishedNanos >= pauseNanos, "sent " + (sentNanos - finishedNanos) / 1e6 + " ms after");
      assertTrue(t2.dueNanos() >= finishedNanos + pauseNanos, "due at the pause's end, not before it");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (delivered.isEmpty() && System.nanoTime() < deadline) Thread.sleep(2);
      assertEquals(1, delivered.size(), "turn 0's record went on before the pause");

      gate.submit(3, 0, delivered::add); // session 1 has no pause: its next turn starts at once
      finish(t1, 1, true, "b");
      Sent t3 = wire.poll(5, TimeUnit.SECONDS);
      assertEquals("1:1:b", t3.body());
      assertEquals(0, t3.dueNanos());
      finish(t2, 2, true, "c");
      finish(t3, 3, true, "d");
    }
  }

  @Test
  void turnsStillWaitingWhenTheGateStopsAreDroppedNotSent() throws Exception {
    Turns turns = new Turns(1);
    LinkedBlockingQueue<Sent> wire = new LinkedBlockingQueue<>();
    SessionGate gate = new SessionGate(turns, 3, (r, due, done) -> wire.add(new Sent(r, due, done)), SessionGate.OWN_THREAD);
    gate.submit(0, 1, r -> {});
    gate.submit(1, 2, r -> {});
    gate.submit(2, 3, r -> {});
    Sent first = wire.poll(5, TimeUnit.SECONDS);
    gate.stopStarting();
    finish(first, 0, true, "a");
    gate.close();
    assertEquals(2, gate.dropped());
    assertEquals(0, gate.unsent());
    assertEquals(null, wire.poll(100, TimeUnit.MILLISECONDS), "nothing leaves after the stop");
    assertEquals(List.of(0L), turns.finishedOrder);
  }

  @Test
  void theEngineRunsTurnsOfASessionStrictlyOneAtATimeAndResetsEachStage() throws Exception {
    // 3 sessions at 100 req/s with 50 ms service: each session's next turn is due every 30 ms, before the previous
    // one can finish, so the gate holds turns back; they go late, with their wait as schedule delay.
    Turns turns = new Turns(3);
    VirtualRun run = new VirtualRun(seq -> 50 * VirtualRun.MS).grace(10 * VirtualRun.S);
    var outcome = run.run(VirtualRun.plan(0, VirtualRun.constant(0, 100, 0.3), VirtualRun.constant(1, 100, 0.3)),
        turns);
    assertEquals(Status.COMPLETED, outcome.status());
    assertEquals(List.of(0, 1), turns.stagesStarted);
    StageOutcome first = outcome.stages().get(0);
    assertEquals(30, first.sent(), "every turn is sent, late if its session was busy");
    assertEquals(0, first.unsent());
    assertEquals(60, run.out.records.size());
    List<List<RequestRecord>> bySession = new ArrayList<>();
    for (int s = 0; s < 3; s++) bySession.add(new ArrayList<>());
    for (RequestRecord r : run.out.ofStage(0)) bySession.get((int) (turns.indexBySeq.get(r.seq()) % 3)).add(r);
    boolean waited = false;
    for (List<RequestRecord> session : bySession) {
      session.sort(java.util.Comparator.comparingLong(RequestRecord::sentNanos));
      for (int i = 1; i < session.size(); i++) {
        assertTrue(session.get(i).sentNanos() >= session.get(i - 1).endNanos(), "turns overlap: " + session);
        waited |= session.get(i).scheduleDelayNanos() > 10 * VirtualRun.MS;
      }
    }
    assertTrue(waited, "held turns show their wait as schedule delay");
  }

  @Test
  void aClosedLoopWithMoreSlotsThanSessionsStillRunsEachSessionOneTurnAtATime() throws Exception {
    // 8 slots but 2 sessions: at most 2 turns can be in flight; the other slots wait on busy sessions.
    Turns turns = new Turns(2);
    VirtualRun run = new VirtualRun(seq -> 5 * VirtualRun.MS);
    var outcome = run.run(VirtualRun.plan(0, VirtualRun.concurrent(0, 20, 8)), turns);
    assertEquals(Status.COMPLETED, outcome.status());
    assertEquals(20, run.out.records.size());
    assertEquals(2, run.sender.peakInFlight, "one turn per session in flight");
    assertEquals(20, turns.builtBody.size());
    // The virtual sender generates no text: a turn built after its predecessor finished sees "", not "start".
    assertEquals("1:0:start", turns.builtBody.get(1L));
    assertEquals("1:9:", turns.builtBody.get(19L));
  }

  @Test
  void atTheGraceEndTheTurnInFlightIsCutAndTurnsWaitingForItAreRecordedAsNotSent() throws Exception {
    // 2 sessions, 10 req/s for 0.5 s: turns 0 and 1 are sent; their answers take 20 s, so turns 2..4 wait on them.
    Turns turns = new Turns(2);
    VirtualRun run = new VirtualRun(seq -> 20 * VirtualRun.S).grace(200 * VirtualRun.MS);
    var outcome = run.run(VirtualRun.plan(0, VirtualRun.constant(0, 10, 0.5)), turns);
    StageOutcome stage = outcome.stages().get(0);
    assertEquals(2, stage.sent());
    assertEquals(2, stage.cutOff());
    assertEquals(3, stage.unsent(), "the waiting turns never left");
    assertEquals(5, run.out.records.size(), "and every one of them is recorded");
    assertEquals(2, run.out.records.stream().filter(r -> r.failure().kind() == Failure.Kind.CUT_AT_STAGE_END).count());
    List<RequestRecord> notSent = run.out.records.stream()
        .filter(r -> r.failure().kind() == Failure.Kind.NOT_SENT).toList();
    assertEquals(List.of(200 * VirtualRun.MS, 300 * VirtualRun.MS, 400 * VirtualRun.MS),
        notSent.stream().map(RequestRecord::intendedStartNanos).toList());
    assertTrue(notSent.get(0).failure().message().contains("previous turn was still running"));
    assertEquals(java.util.Set.of(0L, 1L), java.util.Set.copyOf(turns.finishedOrder));
  }

  @Test
  void aTurnThatCannotBeBuiltEndsTheRunWithItsErrorInsteadOfHanging() {
    Turns turns = new Turns(2) {
      @Override
      public PreparedRequest prepare(int stageId, long index) {
        if (index == 3) throw new IllegalStateException("cannot build turn 3");
        return super.prepare(stageId, index);
      }
    };
    IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> new VirtualRun(seq -> VirtualRun.MS).run(VirtualRun.plan(0, VirtualRun.concurrent(0, 20, 2)), turns));
    assertEquals("cannot build turn 3", thrown.getMessage());
  }
}
