package io.inferenceperf.engine;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.GeneratedOutput;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.SessionRecord;
import io.inferenceperf.schedule.SessionStage;
import io.inferenceperf.time.EngineClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trace_session_replay stage over session graphs ({@link SessionGraphs}): dispatches the stage's sessions while
 * fewer than concurrent_sessions are active and no faster than session_rate; starts each event of a session when all
 * its predecessors have succeeded and its recorded wait has passed (events without predecessors: the dispatch plus
 * their wait), so independent events run in parallel; builds each event's request at that moment, with its
 * predecessors' live outputs (kept only when {@link SessionGraphs#needsOutput} says so). A failed event (or one
 * whose output {@link SessionGraphs#rejectOutput} rejects) cancels every event that depends on it, directly or not
 * (never sent); so does a predecessor wait longer than predecessor_wait_timeout_sec. When a session's last event has
 * ended, its {@link SessionRecord} goes to the recorder, after its requests' records.
 *
 * <p>All state is the pacer thread's: the sender's completions only queue their record and wake the pacer. That is
 * also why it runs the same in virtual time.
 */
final class GraphReplay {
  private static final Logger LOG = LoggerFactory.getLogger(GraphReplay.class);

  /** Longest single wait of the pacer; completions and due events wake it earlier. */
  private static final long POLL_NANOS = 100_000_000;

  /** What the stage runner lends the replay. */
  interface StageHooks {
    /** Sends an event's request: assigns its seq (told to {@code beforeSend} first), counts it in flight. */
    void send(PreparedRequest request, long dueNanos, Consumer<RequestRecord> onFinished, LongConsumer beforeSend);

    /** A finished request's record: counters and the recorder (called on the sender's thread). */
    void finished(RequestRecord record);

    /** An event that was due, or would have been, and never left: recorded as a failure saying why. */
    void notSent(long dueNanos, Failure failure);
  }

  private enum State { WAITING, READY, SENT, SUCCEEDED, FAILED, CANCELLED }

  private record Completion(ActiveSession session, int event, RequestRecord record, GeneratedOutput output) {}

  private record Due(long dueNanos, long order, ActiveSession session, int event) {}

  private final SessionGraphs graphs;
  private final SessionStage stage;
  private final EngineClock clock;
  private final StopSignal stop;
  private final RecordSink recorder;
  private final StageHooks hooks;
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Due> due = new PriorityQueue<>(
      Comparator.comparingLong(Due::dueNanos).thenComparingLong(Due::order));
  private final Set<ActiveSession> active = new LinkedHashSet<>();
  private long order;
  private long sent;
  private int skipped;

  GraphReplay(SessionGraphs graphs, SessionStage stage, EngineClock clock, StopSignal stop, RecordSink recorder,
      StageHooks hooks) {
    this.graphs = graphs;
    this.stage = stage;
    this.clock = clock;
    this.stop = stop;
    this.recorder = recorder;
    this.hooks = hooks;
  }

  /** Events handed to the sender. */
  long sent() {
    return sent;
  }

  /**
   * Runs the stage's sessions until every one has ended, the run stops, or {@code endNanos} (the stage's timeout)
   * passes; returns true when it ended by the timeout.
   */
  boolean run(long startNanos, long endNanos) throws InterruptedException {
    long gapNanos = stage.sessionRate() > 0 ? Math.round(1e9 / stage.sessionRate()) : 0;
    long nextDispatchNanos = startNanos;
    int next = 0;
    while (true) {
      drainCompletions();
      if (next >= stage.sessionCount() && active.isEmpty()) return false;
      if (stop.stopped()) return false;
      long now = clock.nanoTime();
      if (now >= endNanos) return true;
      cancelOverdue(now);
      while (next < stage.sessionCount() && now >= nextDispatchNanos
          && (stage.concurrentSessions() == 0 || active.size() < stage.concurrentSessions())) {
        dispatch(stage.firstSession() + next++, now);
        nextDispatchNanos = gapNanos > 0 ? Math.max(nextDispatchNanos + gapNanos, now) : now;
      }
      sendDue(now);
      if (!completions.isEmpty()) continue;
      clock.awaitUntil(Math.min(endNanos, nextWake(now, next, nextDispatchNanos)));
    }
  }

  private long nextWake(long now, int next, long nextDispatchNanos) {
    long wake = now + POLL_NANOS;
    if (!due.isEmpty()) wake = Math.min(wake, due.peek().dueNanos());
    boolean slot = stage.concurrentSessions() == 0 || active.size() < stage.concurrentSessions();
    if (next < stage.sessionCount() && slot) wake = Math.min(wake, nextDispatchNanos);
    long timeout = graphs.predecessorWaitTimeoutNanos();
    if (timeout > 0) {
      for (ActiveSession session : active) {
        if (session.waiting > 0) wake = Math.min(wake, session.startNanos + timeout);
      }
    }
    return Math.max(wake, now);
  }

  private void dispatch(int index, long now) {
    SessionGraphs.Graph graph;
    try {
      graph = graphs.graph(index);
    } catch (RuntimeException e) {
      LOG.warn("session {} of the replay data skipped: {}", index, e.getMessage());
      graph = null;
    }
    if (graph == null || graph.events().isEmpty()) {
      skipped++;
      return;
    }
    ActiveSession session = new ActiveSession(graph, now);
    active.add(session);
    for (int e = 0; e < session.states.length; e++) {
      if (session.pendingPredecessors[e] == 0) makeReady(session, e, now);
    }
  }

  private void makeReady(ActiveSession session, int event, long afterNanos) {
    session.states[event] = State.READY;
    session.waiting--;
    session.dueNanos[event] = afterNanos + session.graph.events().get(event).waitNanos();
    due.add(new Due(session.dueNanos[event], order++, session, event));
  }

  private void sendDue(long now) {
    while (!due.isEmpty() && due.peek().dueNanos() <= now && !stop.stopped()) {
      Due next = due.poll();
      ActiveSession session = next.session();
      int event = next.event();
      if (session.states[event] != State.READY) continue;
      PreparedRequest request = graphs.prepareEvent(stage.stageId(), session.graph, event,
          Arrays.asList(session.outputs.clone()));
      session.states[event] = State.SENT;
      session.inFlight++;
      sent++;
      EventDone done = new EventDone(session, event);
      // a plain callback for an output nobody reads: the sender then keeps no text for it
      Consumer<RequestRecord> onFinished = graphs.needsOutput(session.graph, event) ? done : done::withoutOutput;
      hooks.send(request, next.dueNanos(), onFinished, seq -> graphs.eventSending(seq, session.graph, event));
    }
  }

  /** The sender's callback for one event: the record goes on at once; the graph moves on on the pacer thread. */
  private final class EventDone implements GeneratedTextCallback {
    private final ActiveSession session;
    private final int event;

    EventDone(ActiveSession session, int event) {
      this.session = session;
      this.event = event;
    }

    @Override
    public void complete(RequestRecord record, String generatedText) {
      complete(record, GeneratedOutput.text(generatedText));
    }

    /** The factory's verdict on a successful event's output; a check that throws fails the event, not the run. */
    private Failure checked(GeneratedOutput output) {
      try {
        return graphs.rejectOutput(session.graph, event, output);
      } catch (RuntimeException e) {
        return Failure.of(Failure.Kind.OTHER, "checking the output of event " + event + " failed: " + e);
      }
    }

    void withoutOutput(RequestRecord record) {
      complete(record, GeneratedOutput.EMPTY);
    }

    @Override
    public void complete(RequestRecord record, GeneratedOutput output) {
      Failure rejected = record.success() ? checked(output) : null;
      RequestRecord finished = rejected == null ? record : record.withFailure(rejected);
      hooks.finished(finished);
      completions.add(new Completion(session, event, finished, output));
      clock.wake();
    }
  }

  private void drainCompletions() {
    Completion done;
    while ((done = completions.poll()) != null) {
      ActiveSession session = done.session();
      session.inFlight--;
      session.account(done.record());
      long end = done.record().endNanos();
      if (done.record().success()) {
        session.states[done.event()] = State.SUCCEEDED;
        session.outputs[done.event()] = done.output() == null ? GeneratedOutput.EMPTY : done.output();
        for (int dependant : session.dependants.get(done.event())) {
          session.lastPredecessorEndNanos[dependant] = Math.max(session.lastPredecessorEndNanos[dependant], end);
          if (--session.pendingPredecessors[dependant] == 0 && session.states[dependant] == State.WAITING
              && !stop.stopped()) {
            makeReady(session, dependant, Math.max(session.lastPredecessorEndNanos[dependant], end));
          }
        }
      } else {
        session.states[done.event()] = State.FAILED;
        cancelDependants(session, done.event());
      }
      session.endNanos = Math.max(session.endNanos, end);
      endIfDone(session);
    }
  }

  private void cancelDependants(ActiveSession session, int failed) {
    for (int dependant : session.dependants.get(failed)) {
      if (session.states[dependant] == State.WAITING || session.states[dependant] == State.READY) {
        if (session.states[dependant] == State.WAITING) session.waiting--;
        session.states[dependant] = State.CANCELLED;
        cancelDependants(session, dependant);
      }
    }
  }

  /** predecessor_wait_timeout_sec: events of a session still waiting for predecessors that long are cancelled. */
  private void cancelOverdue(long now) {
    long timeout = graphs.predecessorWaitTimeoutNanos();
    if (timeout <= 0) return;
    for (ActiveSession session : List.copyOf(active)) {
      if (session.waiting == 0 || now < session.startNanos + timeout) continue;
      for (int e = 0; e < session.states.length; e++) {
        if (session.states[e] != State.WAITING) continue;
        session.states[e] = State.CANCELLED;
        session.waiting--;
        if (session.error == null) {
          session.error = Failure.of(Failure.Kind.OTHER, "event " + e + " of session " + session.graph.sessionId()
              + " still waited for its predecessors after predecessor_wait_timeout_sec");
        }
      }
      session.endNanos = Math.max(session.endNanos, now);
      endIfDone(session);
    }
  }

  private void endIfDone(ActiveSession session) {
    if (session.inFlight > 0 || !active.contains(session)) return;
    for (State state : session.states) {
      if (state == State.WAITING || state == State.READY) return;
    }
    active.remove(session);
    recorder.sessionEnded(session.toRecord(stage.stageId(), graphs.recordedSubstitutions(session.graph)));
    clock.wake();
  }

  /**
   * The stage is over and the sender has delivered every record (in flight ones were cut): events not sent by then
   * are recorded as not sent (unless the run was stopped: then they are only counted), and every session still
   * active is reported with them cancelled.
   */
  void finish(Failure notSent) {
    drainCompletions();
    long now = clock.nanoTime();
    for (ActiveSession session : List.copyOf(active)) {
      for (int e = 0; e < session.states.length; e++) {
        State state = session.states[e];
        if (state != State.WAITING && state != State.READY && state != State.SENT) continue;
        if (state == State.READY && notSent != null) hooks.notSent(session.dueNanos[e], notSent);
        if (state == State.WAITING && notSent != null) hooks.notSent(now, notSent);
        session.states[e] = State.CANCELLED;
      }
      session.waiting = 0;
      session.inFlight = 0;
      session.endNanos = Math.max(session.endNanos, now);
      endIfDone(session);
    }
    if (skipped > 0) {
      LOG.warn("stage {}: {} session(s) of the replay data could not be replayed and were skipped",
          stage.stageId(), skipped);
    }
  }

  /** A dispatched session: its graph, each event's state and what its requests used. */
  private static final class ActiveSession {
    final SessionGraphs.Graph graph;
    final long startNanos;
    final State[] states;
    final int[] pendingPredecessors;
    final long[] lastPredecessorEndNanos;
    final long[] dueNanos;
    final GeneratedOutput[] outputs;
    final List<List<Integer>> dependants = new ArrayList<>();
    int waiting;
    int inFlight;
    long endNanos;
    int succeeded;
    int failed;
    Failure error;
    long inputTokens;
    long outputTokens;
    long cachedTokens = -1;
    long cacheableInputTokens = -1;

    ActiveSession(SessionGraphs.Graph graph, long startNanos) {
      this.graph = graph;
      this.startNanos = startNanos;
      this.endNanos = startNanos;
      int n = graph.events().size();
      states = new State[n];
      pendingPredecessors = new int[n];
      lastPredecessorEndNanos = new long[n];
      dueNanos = new long[n];
      outputs = new GeneratedOutput[n];
      for (int e = 0; e < n; e++) dependants.add(new ArrayList<>());
      for (int e = 0; e < n; e++) {
        states[e] = State.WAITING;
        List<Integer> predecessors = graph.events().get(e).predecessors();
        pendingPredecessors[e] = (int) predecessors.stream().distinct().count();
        for (int p : predecessors.stream().distinct().toList()) dependants.get(p).add(e);
      }
      waiting = n;
    }

    void account(RequestRecord record) {
      if (record.success()) {
        succeeded++;
      } else {
        failed++;
        if (error == null) error = record.failure();
      }
      if (record.promptTokens() > 0) inputTokens += record.promptTokens();
      if (record.outputTokens() > 0) outputTokens += record.outputTokens();
      if (record.success() && record.cachedPromptTokens() >= 0) {
        cachedTokens = Math.max(cachedTokens, 0) + record.cachedPromptTokens();
        cacheableInputTokens = Math.max(cacheableInputTokens, 0) + Math.max(record.promptTokens(), 0);
      }
    }

    SessionRecord toRecord(int stageId, List<String> recordedSubstitutions) {
      int cancelled = 0;
      for (State state : states) {
        if (state == State.CANCELLED) cancelled++;
      }
      return new SessionRecord(graph.sessionId(), graph.source(), stageId, startNanos, endNanos, states.length,
          succeeded, failed, cancelled, error, inputTokens, outputTokens, cachedTokens, cacheableInputTokens,
          recordedSubstitutions);
    }
  }
}
