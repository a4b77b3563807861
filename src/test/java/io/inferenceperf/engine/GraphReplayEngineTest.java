package io.inferenceperf.engine;

import static io.inferenceperf.engine.VirtualRun.MS;
import static io.inferenceperf.engine.VirtualRun.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.GeneratedOutput;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.SessionRecord;
import io.inferenceperf.record.Status;
import io.inferenceperf.record.ToolCall;
import io.inferenceperf.schedule.SessionStage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Session-graph replay in virtual time: events start when their predecessors have finished plus their wait,
 * independent events run in parallel, a failure cancels the dependants, concurrent_sessions and the timeout hold,
 * and each session ends with its lifecycle record after its requests' records. The real data and HTTP run in
 * SessionGraphEndToEndTest.
 */
class GraphReplayEngineTest {

  /** The diamond: 0, then 1 (wait 5 ms) and 2 (wait 10 ms) in parallel, then 3 after both. */
  private static SessionGraphs.Graph diamond(int session) {
    return new SessionGraphs.Graph(session, "s" + session, "file" + session + ".json", List.of(
        new SessionGraphs.Event(List.of(), 0),
        new SessionGraphs.Event(List.of(0), 5 * MS),
        new SessionGraphs.Event(List.of(0), 10 * MS),
        new SessionGraphs.Event(List.of(1, 2), 0)), null);
  }

  /** A corpus of diamonds that remembers, per built event, the outputs it was given. */
  private static final class Diamonds implements SessionGraphs {
    final int count;
    final long predecessorTimeoutNanos;
    final Map<String, List<String>> outputsSeen = new HashMap<>();
    final Map<Long, String> eventBySeq = new HashMap<>();
    final List<String> built = new ArrayList<>();
    final Map<String, List<GeneratedOutput>> generatedSeen = new HashMap<>();
    /** Events whose (successful) output is rejected. */
    final Set<Integer> rejected = new HashSet<>();
    /** Events whose output nobody reads. */
    final Set<Integer> unread = new HashSet<>();

    Diamonds(int count, long predecessorTimeoutNanos) {
      this.count = count;
      this.predecessorTimeoutNanos = predecessorTimeoutNanos;
    }

    @Override
    public int sessionCount() {
      return count;
    }

    @Override
    public Graph graph(int session) {
      return diamond(session);
    }

    @Override
    public PreparedRequest prepareEvent(int stageId, Graph graph, int event, List<GeneratedOutput> outputs) {
      String name = graph.sessionId() + "/" + event;
      built.add(name);
      List<String> texts = new ArrayList<>();
      for (GeneratedOutput output : outputs) texts.add(output == null ? null : output.text());
      outputsSeen.put(name, texts);
      generatedSeen.put(name, new ArrayList<>(outputs));
      return VirtualRun.FACTORY.prepare(stageId, event);
    }

    @Override
    public long predecessorWaitTimeoutNanos() {
      return predecessorTimeoutNanos;
    }

    @Override
    public boolean needsOutput(Graph graph, int event) {
      return !unread.contains(event);
    }

    @Override
    public Failure rejectOutput(Graph graph, int event, GeneratedOutput output) {
      return rejected.contains(event) ? Failure.of(Failure.Kind.OTHER, "rejected " + output.toolCalls()) : null;
    }

    @Override
    public PreparedRequest prepare(int stageId, long index) {
      return VirtualRun.FACTORY.prepare(stageId, index);
    }
  }

  /**
   * The virtual sender with each event's text ("out" + seq) handed on, failing the requests whose seq is in
   * {@code failing}.
   */
  /** The seqs whose completion asked for no text (their event's output is not read). */
  private static final Set<Long> withoutText = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private static RequestSender texts(VirtualSender inner, Set<Long> failing) {
    return new RequestSender() {
      @Override
      public void send(PreparedRequest request, long seq, int stageId, long intendedStartNanos,
          Consumer<RequestRecord> onComplete) {
        inner.send(request, seq, stageId, intendedStartNanos, record -> {
          RequestRecord result = failing.contains(seq) && record.success() ? failed(record) : record;
          if (onComplete instanceof GeneratedTextCallback withText) {
            withText.complete(result, result.success()
                ? new GeneratedOutput("out" + seq, List.of(new ToolCall("call_" + seq, "f", "{}")))
                : GeneratedOutput.EMPTY);
          } else {
            withoutText.add(seq);
            onComplete.accept(result);
          }
        });
      }

      @Override
      public void abortInFlight(Failure failure) {
        inner.abortInFlight(failure);
      }

      @Override
      public void close() {}
    };
  }

  private static RequestRecord failed(RequestRecord r) {
    return new RequestRecord(r.seq(), r.stageId(), r.intendedStartNanos(), r.sentNanos(), r.endNanos(),
        r.chunkNanos(), r.chunkTokens(), r.firstContentNanos(), r.promptTokens(), false, 0, -1, -1,
        r.requestBytes(), 500, Failure.http(500, "injected"), r.model(), null, null, 0, -1, -1);
  }

  private static SessionStage stage(int concurrent, int sessions, long timeoutNanos) {
    return new SessionStage(0, concurrent, 0, 0, sessions, 1, sessions, timeoutNanos, 9, 4L * sessions);
  }

  private static BenchmarkEngine.RunOutcome run(VirtualRun run, SessionStage stage, Diamonds data, Set<Long> failing)
      throws InterruptedException {
    VirtualSender inner = run.sender;
    EngineParts parts = new EngineParts(texts(inner, failing), run.clock, new EngineOptions(run.graceNanos, 0, 1),
        run.stop, new LiveCounters(), ScriptedSource.readyAt(run.clock, run.stop, run.readyAtNanos),
        DirectRecorder::new, id -> new DirectExecutorService());
    return new BenchmarkEngine(parts).run(plan(0, stage), data, run.out);
  }

  @Test
  void eventsStartAfterTheirPredecessorsPlusTheirWaitAndIndependentOnesOverlap() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 10 * MS);
    Diamonds data = new Diamonds(1, 0);
    BenchmarkEngine.RunOutcome outcome = run(run, stage(0, 1, 0), data, Set.of());
    long origin = run.out.starts.get(0).startNanos();
    List<Long> sends = run.out.records.stream().map(r -> r.sentNanos() - origin).sorted().toList();
    assertEquals(List.of(0L, 15 * MS, 20 * MS, 30 * MS), sends, "0; 1 and 2 after 0 plus their waits; 3 after both");
    for (RequestRecord r : run.out.records) assertEquals(r.intendedStartNanos(), r.sentNanos(), "due when ready");
    assertEquals(2, run.sender.peakInFlight, "1 and 2 in flight together");
    assertEquals(List.of("out0"), data.outputsSeen.get("s0/1").subList(0, 1), "event 1 sees event 0's output");
    assertEquals(4, data.outputsSeen.get("s0/3").stream().filter(o -> o != null).count() + 1,
        "event 3 sees the outputs of 0, 1 and 2");
    SessionRecord session = run.out.sessions.get(0);
    assertEquals(4, session.numEvents());
    assertEquals(4, session.eventsCompleted());
    assertEquals(0, session.eventsCancelled());
    assertTrue(session.success());
    assertEquals(origin, session.startNanos());
    assertEquals(origin + 40 * MS, session.endNanos());
    assertEquals(40, session.inputTokens(), "10 prompt tokens per request");
    assertEquals(-1, session.cachedTokens(), "the sender reported no cached tokens");
    assertEquals(List.of("start 0", "session s0", "end 0 after 4"), run.out.events, "the session after its records");
    StageOutcome stage = outcome.stages().get(0);
    assertEquals(Status.COMPLETED, stage.status());
    assertEquals(4, stage.sent());
    assertEquals(0, stage.unsent());
  }

  @Test
  void aFailedEventCancelsItsDependantsButNotTheIndependentBranch() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 10 * MS);
    Diamonds data = new Diamonds(1, 0);
    // seq 0 is event 0, seq 1 event 1 (due at 15 ms), seq 2 event 2 (due at 20 ms): event 1 fails
    BenchmarkEngine.RunOutcome outcome = run(run, stage(0, 1, 0), data, Set.of(1L));
    assertEquals(List.of("s0/0", "s0/1", "s0/2"), data.built, "event 3 depends on the failed event 1: never built");
    assertEquals(3, run.out.records.size(), "no record for the cancelled event: it was never due");
    SessionRecord session = run.out.sessions.get(0);
    assertEquals(2, session.eventsCompleted());
    assertEquals(1, session.eventsFailed());
    assertEquals(1, session.eventsCancelled());
    assertFalse(session.success());
    assertEquals(Failure.Kind.HTTP_STATUS, session.error().kind());
    StageOutcome stage = outcome.stages().get(0);
    assertEquals(3, stage.sent());
    assertEquals(1, stage.unsent(), "the cancelled dependant is a planned request never sent");
    assertEquals(stage.unsent(), session.eventsCancelled(), "the stage's unsent are the session's cancelled events");
    assertEquals(Status.COMPLETED, stage.status());
  }

  @Test
  void liveToolCallsReachTheSuccessorsAndARejectedOutputFailsItsEvent() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 10 * MS);
    Diamonds data = new Diamonds(1, 0);
    data.rejected.add(2);
    run(run, stage(0, 1, 0), data, Set.of());
    assertEquals(List.of(new ToolCall("call_0", "f", "{}")), data.generatedSeen.get("s0/1").get(0).toolCalls(),
        "event 1 is built with event 0's live tool calls");
    assertEquals(List.of("s0/0", "s0/1", "s0/2"), data.built, "event 3 depends on the rejected event 2");
    RequestRecord rejected = run.out.records.stream().filter(r -> !r.success()).findFirst().orElseThrow();
    assertEquals(Failure.Kind.OTHER, rejected.failure().kind());
    assertTrue(rejected.failure().message().contains("call_2"), rejected.failure().message());
    SessionRecord session = run.out.sessions.get(0);
    assertEquals(2, session.eventsCompleted());
    assertEquals(1, session.eventsFailed(), "the rejected output is a recorded failure");
    assertEquals(1, session.eventsCancelled());
    assertEquals(Failure.Kind.OTHER, session.error().kind());
  }

  @Test
  void anOutputNobodyReadsIsNotKept() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 10 * MS);
    Diamonds data = new Diamonds(1, 0);
    data.unread.add(3);
    withoutText.clear();
    run(run, stage(0, 1, 0), data, Set.of());
    assertEquals(Set.of(3L), withoutText, "only the last event (seq 3) completes without text");
    assertTrue(run.out.sessions.get(0).success());
  }

  @Test
  void concurrentSessionsHoldsTheNextSessionUntilOneEnds() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 10 * MS);
    BenchmarkEngine.RunOutcome outcome = run(run, stage(1, 2, 0), new Diamonds(2, 0), Set.of());
    assertEquals(8, run.out.records.size());
    SessionRecord first = run.out.sessions.get(0);
    SessionRecord second = run.out.sessions.get(1);
    assertEquals(first.endNanos(), second.startNanos(), "the second session starts when the first has ended");
    assertEquals(80 * MS, outcome.stages().get(0).endNanos() - outcome.stages().get(0).startNanos());
  }

  @Test
  void theTimeoutCutsInFlightEventsAndRecordsTheRestAsNotSent() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 10 * MS);
    BenchmarkEngine.RunOutcome outcome = run(run, stage(0, 1, 17 * MS), new Diamonds(1, 0), Set.of());
    StageOutcome stage = outcome.stages().get(0);
    assertEquals(Status.FAILED, stage.status(), "a session stage past its timeout failed, as inference-perf");
    // event 0 done at 10 ms, event 1 sent at 15 ms and cut at 17 ms (which cancels event 3, its dependant);
    // event 2, due at 20 ms, never left: recorded as not sent
    assertEquals(3, run.out.records.size());
    assertEquals(1, run.out.records.stream().filter(r -> !r.success()
        && r.failure().kind() == Failure.Kind.CUT_AT_STAGE_END).count());
    assertEquals(1, run.out.records.stream().filter(r -> !r.success()
        && r.failure().kind() == Failure.Kind.NOT_SENT).count());
    SessionRecord session = run.out.sessions.get(0);
    assertEquals(1, session.eventsCompleted());
    assertEquals(1, session.eventsFailed());
    assertEquals(2, session.eventsCancelled());
    assertEquals(Failure.Kind.CUT_AT_STAGE_END, session.error().kind());
    assertEquals(2, stage.sent());
    assertEquals(2, stage.unsent(), "event 2 (recorded as not sent) and event 3 (cancelled by the cut event 1)");
  }

  @Test
  void aStopEndsTheReplayAndReportsTheSessionsThatRan() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 10 * MS).stopAt(12 * MS).grace(1 * MS);
    BenchmarkEngine.RunOutcome outcome = run(run, stage(0, 2, 0), new Diamonds(2, 0), Set.of());
    assertEquals(Status.INTERRUPTED, outcome.status());
    assertEquals(2, run.out.sessions.size(), "both dispatched sessions are reported");
    assertEquals(2, run.out.records.size(), "event 0 of each; the rest is counted, not recorded, after a stop");
    for (SessionRecord session : run.out.sessions) assertEquals(3, session.eventsCancelled());
  }

  @Test
  void anEventWaitingLongerThanThePredecessorTimeoutIsCancelled() throws Exception {
    VirtualRun run = new VirtualRun(seq -> seq == 0 ? 50 * MS : 10 * MS);
    BenchmarkEngine.RunOutcome outcome = run(run, stage(0, 1, 0), new Diamonds(1, 30 * MS), Set.of());
    SessionRecord session = run.out.sessions.get(0);
    assertEquals(1, session.eventsCompleted(), "event 0 ends at 50 ms; the others gave up at 30 ms");
    assertEquals(3, session.eventsCancelled());
    assertFalse(session.success());
    assertTrue(session.error().message().contains("predecessor_wait_timeout_sec"));
    assertEquals(1, run.out.records.size());
    assertEquals(Status.COMPLETED, outcome.stages().get(0).status());
    assertEquals(1, outcome.stages().get(0).sent());
    assertEquals(3, outcome.stages().get(0).unsent(), "the 3 events that gave up were never sent");
    assertNull(run.out.records.get(0).failure());
    assertEquals(Set.of(0L), new HashSet<>(run.out.records.stream().map(RequestRecord::seq).toList()));
  }
}
