package io.inferenceperf.engine;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.Status;
import io.inferenceperf.schedule.ArrivalSchedule;
import io.inferenceperf.schedule.ClosedLoopStage;
import io.inferenceperf.schedule.OpenLoopStage;
import io.inferenceperf.schedule.ReplicaSlice;
import io.inferenceperf.schedule.SessionStage;
import io.inferenceperf.schedule.StagePlan;
import io.inferenceperf.time.EngineClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stage: sends its requests (open loop at their intended times, or closed loop at a fixed concurrency),
 * then lets requests in flight finish within the grace period and records the rest as cut off. Every wait goes
 * through the {@link EngineClock}, so the engine runs the same in virtual time.
 *
 * <p>Open loop: request i is due at {@code start + offset(i)} on the absolute clock and is sent then, whatever
 * happened to earlier requests; lateness is measured as schedule_delay, never hidden. A request the client could not
 * send on time (a machine stall, slow prompt preparation, a full in-flight cap) is still sent, late, until the stage's
 * grace period ends ({@code load.stage_grace_period} after its duration), as inference-perf sends every one of its
 * rate x duration requests; one still unsent then is recorded as a {@link Failure.Kind#NOT_SENT} failure saying why.
 * So every planned request of a stage is accounted for.
 *
 * <p>When the sender can hold requests until their time ({@link RequestSender#sendAheadNanos}), they are handed over
 * in batches up to that far ahead and the sender's I/O thread writes each at its time: one wake-up of this thread
 * per batch instead of one per request, and no hand-off between threads at the send instant.
 */
final class StageRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

  /** How often waits for requests in flight look again (in virtual time: the step of that wait). */
  private static final long IN_FLIGHT_POLL_NANOS = 2_000_000;
  /** How long cut-off requests may take to deliver their records after being aborted. */
  private static final long ABORT_SETTLE_NANOS = 5_000_000_000L;
  /** Longest single wait for a free slot of a closed loop; completions wake the pacer earlier. */
  private static final long SLOT_WAIT_NANOS = 100_000_000;

  private final RequestSender sender;
  private final EngineClock clock;
  private final EngineOptions options;
  private final StopSignal stop;
  private final LiveCounters counters;
  private final RecordSink recorder;
  private final RequestSource.Factory sources;
  private final IntFunction<ExecutorService> gateWorkers;
  private final AtomicLong nextSeq = new AtomicLong();
  private long pendingStartAtEpochMillis;

  StageRunner(EngineParts parts, RecordSink recorder) {
    this.sender = parts.sender();
    this.clock = parts.clock();
    this.options = parts.options();
    this.stop = parts.stop();
    this.counters = parts.counters();
    this.recorder = recorder;
    this.sources = parts.sources();
    this.gateWorkers = parts.gateWorkers();
    this.pendingStartAtEpochMillis = parts.options().startAtEpochMillis();
  }

  StageOutcome run(StagePlan plan, RequestFactory whole) throws InterruptedException {
    stop.stageStarting(plan.stageId());
    Stage stage = new Stage(plan);
    ReplicaSlice slice = plan.slice();
    // A share of a distributed run sends the prompts of its own arrivals: those of their run-wide indices.
    RequestFactory factory = slice.whole() || whole instanceof SessionRequestFactory ? whole
        : (stageId, local) -> whole.prepare(stageId, slice.globalIndex(local));
    SessionGraphs graphs = plan instanceof SessionStage && whole instanceof SessionGraphs g ? g : null;
    if (plan instanceof SessionStage sessions && graphs == null && !(factory instanceof SessionRequestFactory)) {
      factory = new SingleTurnSessions(factory, sessions.sessionCount());
    }
    try (SessionGate gate = graphs == null && factory instanceof SessionRequestFactory sessions
            ? new SessionGate(sessions, plan.stageId(), stage::send, gateWorkers, clock::nanoTime) : null;
        RequestSource source = gate != null || graphs != null ? null
            : sources.open(factory, plan.stageId(), plan.plannedRequests())) {
      stage.gate = gate;
      if (source != null) source.awaitReady(options.prepareAhead(), clock.nanoTime() + options.leadNanos());
      awaitAgreedStart(); // a stop meanwhile: the stage starts and sends nothing
      stage.start();
      switch (plan) {
        case OpenLoopStage open -> stage.sendOpenLoop(open, source);
        case ClosedLoopStage closed -> stage.sendClosedLoop(closed, source);
        case SessionStage sessions when graphs != null -> stage.sendGraphs(sessions, graphs);
        case SessionStage sessions -> stage.sendSessions(sessions);
      }
      stage.awaitInFlight();
      stage.endRemaining();
      stage.finishGraphs();
      if (gate != null) {
        gate.close(); // delivers every finished turn before the stage ends
        gate.rethrowFailure();
      }
      stage.recordDroppedTurns();
      return stage.finish();
    }
  }

  /**
   * Before the first stage of a run spread over several load generators: waits for the start they agreed on (a
   * wall-clock instant, load.distributed.start_at), with the first requests already prepared, so that every share's
   * stage 0 starts at the same instant. Ends early when the run stops.
   */
  private void awaitAgreedStart() throws InterruptedException {
    long startAt = pendingStartAtEpochMillis;
    pendingStartAtEpochMillis = -1;
    if (startAt < 0) return;
    long target = clock.nanoTime() + (startAt - clock.epochMillis()) * 1_000_000L;
    long lateNanos = clock.nanoTime() - target;
    if (lateNanos > 1_000_000) {
      LOG.warn("this load generator was ready {} ms after the agreed start (load.distributed.start_at): its first"
          + " stage starts late by that much; give the load generators more time before start_at", lateNanos / 1_000_000);
    }
    while (!stop.stopped() && clock.nanoTime() < target) clock.awaitUntil(target);
  }

  /** One stage's state while it runs: its clock readings, what is in flight, what could not be sent. */
  private final class Stage {
    private final StagePlan plan;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong cutOff = new AtomicLong();
    private final AtomicLong droppedBySender = new AtomicLong();
    private SessionGate gate;
    private GraphReplay graphs;
    private long handedOver;
    private long startNanos;
    private long startEpochMillis;
    private long graceEndNanos;
    private long stoppedAtNanos = -1;
    /** Turns of a session stage handed to the gate (from the pacer and, for later turns, the gate's thread). */
    private final AtomicLong sessionTurns = new AtomicLong();
    private volatile boolean timedOut;
    /** Set once sending is over: then the last completion wakes the engine (not before: no wake per request). */
    private volatile boolean draining;
    /** An open loop's completion: nothing waits for it, so the sender may deliver it in a batch. */
    private final DeferrableCompletion openLoopFinished = this::onFinished;

    Stage(StagePlan plan) {
      this.plan = plan;
    }

    void start() {
      startNanos = clock.nanoTime();
      startEpochMillis = clock.epochMillis();
      graceEndNanos = plan instanceof OpenLoopStage open
          ? startNanos + open.durationNanos() + options.stageGraceNanos()
          : plan instanceof SessionStage sessions && sessions.timeoutNanos() > 0
              ? startNanos + sessions.timeoutNanos() // the stage's timeout: in-flight turns are cut then
              : Long.MAX_VALUE; // a closed loop waits for its requests; their own timeouts bound them
      long durationNanos = plan instanceof OpenLoopStage open ? open.durationNanos() : 0;
      counters.resetForStage(plan.stageId(), startNanos, plan.plannedRequests(), durationNanos);
      recorder.stageStarted(plan, new RunObserver.StageClock(startNanos, startEpochMillis));
    }

    void sendOpenLoop(OpenLoopStage open, RequestSource source) throws InterruptedException {
      ArrivalSchedule.Cursor cursor = open.cursor();
      long aheadNanos = Math.max(0, sender.sendAheadNanos());
      long offset;
      while ((offset = cursor.nextOffsetNanos()) >= 0) {
        long dueNanos = startNanos + offset;
        if (!awaitSendTime(dueNanos, aheadNanos)) return; // stopped: what was not sent is only counted
        if (pastGraceEnd()) {
          recordNotSent(dueNanos, cursor, "the client was still behind its schedule");
          return;
        }
        if (gate != null) {
          gate.submit(handedOver++, dueNanos, this::onFinished);
          continue;
        }
        PreparedRequest request = source.next(graceEndNanos);
        if (request == null) {
          if (!stop.stopped()) {
            recordNotSent(dueNanos, cursor, "its prompt was not prepared in time (data generation is slower"
                + " than the rate)");
          }
          return;
        }
        if (pastGraceEnd()) { // the pacer itself was held up past the grace period (a machine stall)
          recordNotSent(dueNanos, cursor, "the client was still behind its schedule");
          return;
        }
        send(request, dueNanos, openLoopFinished);
        handedOver++;
      }
    }

    void sendClosedLoop(ClosedLoopStage closed, RequestSource source) throws InterruptedException {
      // Each slot carries the time it became free: that is when the next request of a closed loop is due.
      ConcurrentLinkedQueue<Long> freeSlots = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < closed.concurrency(); i++) freeSlots.add(startNanos);
      Consumer<RequestRecord> onFinished = record -> {
        freeSlots.add(clock.nanoTime());
        onFinished(record);
        clock.wake();
      };
      while (handedOver < closed.plannedRequests() && !stop.stopped()) {
        Long dueNanos = freeSlots.poll();
        if (dueNanos == null) {
          if (gate != null) gate.rethrowFailure(); // a turn that could not be built never frees its slot
          clock.awaitUntil(clock.nanoTime() + SLOT_WAIT_NANOS);
          continue;
        }
        if (gate != null) {
          gate.submit(handedOver++, dueNanos, onFinished);
          continue;
        }
        PreparedRequest request = source.next(Long.MAX_VALUE);
        if (request == null) break; // the run stopped
        send(request, dueNanos, onFinished);
        handedOver++;
      }
    }

    /**
     * A session replay stage: starts its sessions while fewer than concurrent_sessions are active and no faster than
     * session_rate, each turn of a session when the one before it finished; a failed turn ends its session (the
     * turns after it are not sent, as inference-perf cancels a failed event's dependants). Past the stage's timeout
     * no session or turn starts and the stage is marked failed.
     */
    void sendSessions(SessionStage sessions) throws InterruptedException {
      AtomicInteger active = new AtomicInteger();
      long gapNanos = sessions.sessionRate() > 0 ? Math.round(1e9 / sessions.sessionRate()) : 0;
      long nextStartNanos = startNanos;
      for (int k = 0; k < sessions.sessionCount() && !stop.stopped(); ) {
        gate.rethrowFailure();
        long now = clock.nanoTime();
        if (now >= graceEndNanos) {
          timedOut = true;
          return;
        }
        if (sessions.concurrentSessions() > 0 && active.get() >= sessions.concurrentSessions()) {
          clock.awaitUntil(Math.min(graceEndNanos, now + SLOT_WAIT_NANOS)); // a session's end wakes it earlier
          continue;
        }
        if (now < nextStartNanos) {
          clock.awaitUntil(Math.min(graceEndNanos, nextStartNanos));
          continue;
        }
        active.incrementAndGet();
        sendTurn(sessions, k++, 0, now, active); // due when dispatched, as inference-perf
        if (gapNanos > 0) nextStartNanos = Math.max(nextStartNanos + gapNanos, now);
        else nextStartNanos = now;
      }
    }

    /** A session replay stage over session graphs: see {@link GraphReplay}. */
    void sendGraphs(SessionStage sessions, SessionGraphs data) throws InterruptedException {
      graphs = new GraphReplay(data, sessions, clock, stop, recorder, new GraphReplay.StageHooks() {
        @Override
        public void send(PreparedRequest request, long dueNanos, Consumer<RequestRecord> onFinished,
            java.util.function.LongConsumer beforeSend) {
          long seq = nextSeq.getAndIncrement();
          beforeSend.accept(seq);
          counters.sent.incrementAndGet();
          inFlight.incrementAndGet();
          sender.send(request, seq, plan.stageId(), dueNanos, onFinished);
        }

        @Override
        public void finished(RequestRecord record) {
          onFinished(record);
        }

        @Override
        public void notSent(long dueNanos, Failure failure) {
          recordNotSent(dueNanos, clock.nanoTime(), failure);
        }
      });
      timedOut = graphs.run(startNanos, graceEndNanos);
    }

    /** After the cut: the graphs' unsent events are recorded (or, when stopped, counted) and their sessions end. */
    void finishGraphs() {
      if (graphs == null) return;
      graphs.finish(stop.stopped() ? null
          : notSentFailure("an event it depends on was still running (session replay)"));
    }

    /** Hands turn {@code turn} of the stage's {@code k}-th session to the gate; its end sends the next one. */
    private void sendTurn(SessionStage sessions, int k, int turn, long dueNanos, AtomicInteger active) {
      sessionTurns.incrementAndGet();
      gate.submit(sessions.requestIndex(k, turn), dueNanos, record -> {
        boolean next = record.success() && turn + 1 < sessions.turnsPerSession() && !stop.stopped()
            && clock.nanoTime() < graceEndNanos;
        if (next) {
          try {
            sendTurn(sessions, k, turn + 1, clock.nanoTime(), active); // before this turn leaves the in-flight count
          } catch (RuntimeException e) {
            next = false; // the gate's failure; the pacer rethrows it
          }
        }
        onFinished(record);
        if (!next) {
          active.decrementAndGet();
          clock.wake();
        }
      });
    }

    /** The stage's send, also the session gate's: assigns the run-wide seq. */
    void send(PreparedRequest request, long dueNanos, Consumer<RequestRecord> onFinished) {
      counters.sent.incrementAndGet();
      inFlight.incrementAndGet();
      sender.send(request, nextSeq.getAndIncrement(), plan.stageId(), dueNanos, onFinished);
    }

    private void onFinished(RequestRecord record) {
      if (record.success()) {
        counters.done.increment();
      } else {
        counters.failed.increment();
        countEnding(record);
      }
      recorder.recordFinished(record);
      // After the record is queued, so the stage's end marker cannot overtake it; the last one ends the wait.
      if (inFlight.decrementAndGet() == 0 && draining) clock.wake();
    }

    private void countEnding(RequestRecord record) {
      Failure.Kind kind = record.failure().kind();
      boolean ended = kind == Failure.Kind.CUT_AT_STAGE_END || kind == Failure.Kind.INTERRUPTED
          || kind == Failure.Kind.NOT_SENT;
      if (!ended) return;
      if (record.sentNanos() >= 0) cutOff.incrementAndGet();
      else droppedBySender.incrementAndGet();
    }

    /**
     * For a sender that holds early requests: returns once {@code dueNanos} is within {@code aheadNanos}, waking
     * about every aheadNanos/2 so that each wake-up hands over that much worth of requests, each at least
     * aheadNanos/2 before its time. Without one, waits until the due time itself. False if the run stops.
     */
    private boolean awaitSendTime(long dueNanos, long aheadNanos) throws InterruptedException {
      while (!stop.stopped()) {
        if (clock.nanoTime() >= dueNanos - aheadNanos) return true;
        if (aheadNanos > 0) {
          clock.awaitAbout(dueNanos - aheadNanos / 2); // a batch hand-over needs no precision
        } else {
          clock.awaitUntil(dueNanos);
        }
      }
      return false;
    }

    private boolean pastGraceEnd() {
      return clock.nanoTime() >= graceEndNanos;
    }

    /**
     * Waits for requests in flight: for open-loop stages until the grace period ends; for closed loops until they
     * finish. Once the run stops, only the grace period from then on is granted.
     */
    void awaitInFlight() throws InterruptedException {
      draining = true;
      // The gate's count first: a turn leaves it (under the gate's lock) only after entering inFlight, and a turn
      // enters it before the turn whose end submitted it leaves inFlight, so reading in this order never sees both
      // empty while a turn is on its way (the other order could, and cut a turn just sent).
      while ((gate != null && gate.unsent() > 0) || inFlight.get() > 0) {
        long deadline = deadline();
        long now = clock.nanoTime();
        if (now >= deadline) return;
        clock.awaitUntil(Math.min(deadline, now + IN_FLIGHT_POLL_NANOS));
      }
    }

    private long deadline() {
      if (!stop.stopped()) return graceEndNanos;
      if (stoppedAtNanos < 0) stoppedAtNanos = clock.nanoTime();
      return Math.min(graceEndNanos, stoppedAtNanos + options.stageGraceNanos());
    }

    /**
     * The grace period is over: requests still queued in the sender are never sent, requests on the wire are cut
     * off, and both end as failures saying why; waits (bounded) until their records are in.
     */
    void endRemaining() throws InterruptedException {
      if (gate != null) gate.stopStarting(); // turns waiting for their session's previous turn stay unsent
      boolean stopped = stop.stopped();
      String when = stopped && stop.stageStatus() == Status.FAILED ? "the stage was stopped (" + stop.reason() + ")"
          : stopped ? "the run was interrupted (" + stop.reason() + ")"
          : "stage " + plan.stageId() + "'s grace period ended (load.stage_grace_period)";
      sender.dropWaiting(stopped
          ? Failure.of(Failure.Kind.INTERRUPTED, "never sent: still waiting for a free in-flight slot or connection"
              + " when " + when)
          : Failure.of(Failure.Kind.NOT_SENT, "never sent: still waiting for a free in-flight slot"
              + " (load.worker_max_concurrency) or connection when " + when));
      if (inFlight.get() == 0) return;
      sender.abortInFlight(stopped
          ? Failure.of(Failure.Kind.INTERRUPTED, (stop.stageStatus() == Status.FAILED ? "stage stopped (" : "run"
              + " interrupted (") + stop.reason() + "); still in flight after the grace period")
          : Failure.of(Failure.Kind.CUT_AT_STAGE_END, plan instanceof SessionStage
              ? "still in flight when stage " + plan.stageId() + "'s timeout (load.stages[].timeout) ran out"
              : "still in flight when stage " + plan.stageId() + " ended and its grace period ran out"));
      long deadline = clock.nanoTime() + ABORT_SETTLE_NANOS;
      while (inFlight.get() > 0 && clock.nanoTime() < deadline) {
        clock.awaitUntil(Math.min(deadline, clock.nanoTime() + 1_000_000));
      }
    }

    /**
     * The grace period is over and arrivals are left: records the one due at {@code firstDueNanos} and every one
     * after it as not sent, saying why.
     */
    private void recordNotSent(long firstDueNanos, ArrivalSchedule.Cursor rest, String reason) {
      Failure failure = notSentFailure(reason);
      long endNanos = clock.nanoTime();
      recordNotSent(firstDueNanos, endNanos, failure);
      long offset;
      while ((offset = rest.nextOffsetNanos()) >= 0) recordNotSent(startNanos + offset, endNanos, failure);
    }

    /** Records the turns of sessions that never started before the grace period ended (multi-turn data). */
    void recordDroppedTurns() {
      if (gate == null || stop.stopped()) return;
      List<Long> dues = new ArrayList<>(gate.droppedDueTimes());
      dues.sort(null);
      Failure failure = notSentFailure("its session's previous turn was still running (multi-turn data)");
      long endNanos = clock.nanoTime();
      for (long dueNanos : dues) recordNotSent(dueNanos, endNanos, failure);
    }

    private Failure notSentFailure(String reason) {
      return Failure.of(Failure.Kind.NOT_SENT, "never sent: " + reason + " when stage " + plan.stageId()
          + "'s grace period ended (load.stage_grace_period)");
    }

    private void recordNotSent(long dueNanos, long endNanos, Failure failure) {
      counters.failed.increment();
      recorder.recordFinished(
          RequestRecord.notSent(nextSeq.getAndIncrement(), plan.stageId(), dueNanos, endNanos, failure));
    }

    StageOutcome finish() {
      boolean timeout = timedOut || plan instanceof SessionStage && clock.nanoTime() >= graceEndNanos;
      Status stopped = stop.stageStatus();
      Status status = stopped == Status.COMPLETED && timeout ? Status.FAILED : stopped;
      long sent = handedOver + sessionTurns.get() - (gate != null ? gate.dropped() : 0)
          + (graphs != null ? graphs.sent() : 0);
      // as a multi-turn session's turns after a failed one, a graph's events cancelled because one they depend on
      // failed (or waited too long) are planned requests never sent: counted here, recorded by no request record
      long unsent = plan.plannedRequests() - sent + droppedBySender.get();
      StageOutcome outcome = new StageOutcome(status, startNanos, clock.nanoTime(), startEpochMillis,
          clock.epochMillis(), sent, unsent, cutOff.get());
      recorder.stageEnded(plan, outcome);
      return outcome;
    }
  }
}
