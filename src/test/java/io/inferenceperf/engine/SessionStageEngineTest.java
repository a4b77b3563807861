package io.inferenceperf.engine;

import static io.inferenceperf.engine.VirtualRun.MS;
import static io.inferenceperf.engine.VirtualRun.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.Status;
import io.inferenceperf.schedule.SessionStage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * trace_session_replay stages in virtual time: concurrent_sessions, session_rate, one turn after another, and the
 * timeout. The sessions' data is a stand-in factory (the engine only needs which session a request belongs to); the
 * real data runs in SessionReplayEndToEndTest.
 */
class SessionStageEngineTest {

  /** Sessions of multi-turn data: request i belongs to session i % count; it remembers which index it built. */
  private static final class Sessions implements SessionRequestFactory {
    final int count;
    final List<Long> built = new ArrayList<>();

    Sessions(int count) {
      this.count = count;
    }

    @Override
    public synchronized PreparedRequest prepare(int stageId, long index) {
      built.add(index);
      return VirtualRun.FACTORY.prepare(stageId, index);
    }

    @Override
    public int sessionOf(long index) {
      return (int) (index % count);
    }

    @Override
    public int sessionCount() {
      return count;
    }

    @Override
    public void stageStarting(int stageId) {}

    @Override
    public void turnFinished(long index, RequestRecord record, String generatedText) {}
  }

  @Test
  void atMostConcurrentSessionsRunAndEachTurnFollowsTheOneBefore() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 10 * MS);
    Sessions data = new Sessions(6);
    // sessions 1..4 of the data's 6, 3 turns each, 2 at a time
    SessionStage stage = new SessionStage(0, 2, 0, 1, 4, 3, 6, 0, 9);
    BenchmarkEngine.RunOutcome outcome = run.run(plan(0, stage), data);
    assertEquals(12, run.out.records.size());
    assertEquals(2, run.sender.peakInFlight, "2 sessions, one turn each in flight");
    assertEquals(Status.COMPLETED, outcome.stages().get(0).status());
    assertEquals(60 * MS, outcome.stages().get(0).endNanos() - outcome.stages().get(0).startNanos(),
        "2 rounds of 2 sessions x 3 turns x 10 ms");
    Map<Long, List<Long>> indicesBySession = new TreeMap<>();
    for (long index : data.built) indicesBySession.computeIfAbsent(index % 6, k -> new ArrayList<>()).add(index);
    assertEquals(Map.of(1L, List.of(1L, 7L, 13L), 2L, List.of(2L, 8L, 14L), 3L, List.of(3L, 9L, 15L),
        4L, List.of(4L, 10L, 16L)), indicesBySession, "turn t of session s is request t x 6 + s");
    List<RequestRecord> bySend = run.out.records.stream()
        .sorted(Comparator.comparingLong(RequestRecord::sentNanos)).toList();
    for (RequestRecord r : bySend) {
      assertEquals(r.intendedStartNanos(), r.sentNanos(), "due when its session could go on: no delay");
    }
  }

  @Test
  void sessionRateSpacesTheSessionStarts() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 5 * MS);
    SessionStage stage = new SessionStage(0, 0, 10, 0, 3, 1, 0, 0, 9); // single-request sessions, 10 per second
    run.run(plan(0, stage));
    List<Long> starts = run.out.records.stream().map(RequestRecord::sentNanos).sorted().toList();
    long origin = run.out.starts.get(0).startNanos();
    assertEquals(List.of(origin, origin + 100 * MS, origin + 200 * MS), starts);
  }

  @Test
  void theTimeoutCutsTheStageAndMarksItFailed() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 10 * MS);
    SessionStage stage = new SessionStage(0, 1, 0, 0, 2, 5, 2, 25 * MS, 9);
    BenchmarkEngine.RunOutcome outcome = run.run(plan(0, stage), new Sessions(2));
    StageOutcome result = outcome.stages().get(0);
    assertEquals(Status.FAILED, result.status());
    assertEquals(3, run.out.records.size(), "two turns done, the third cut at 25 ms");
    assertEquals(1, run.out.records.stream().filter(r -> !r.success()
        && r.failure().kind() == Failure.Kind.CUT_AT_STAGE_END).count());
    assertTrue(run.out.records.stream().filter(r -> !r.success()).allMatch(r -> r.failure().message()
        .contains("timeout")), "the cut says it was the timeout");
    assertEquals(3, result.sent());
    assertEquals(7, result.unsent(), "10 planned turns, 3 sent");
  }
}
