package io.inferenceperf.engine;

import io.inferenceperf.api.PreparedRequest;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.schedule.ArrivalSchedule;
import io.inferenceperf.schedule.StagePlan;
import io.inferenceperf.time.NanoClock;
import io.inferenceperf.transport.RequestSender;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs one stage: sends its requests (open loop at their intended times, or closed loop at a fixed concurrency),
 * then lets requests in flight finish within the grace period and records the rest as cut off.
 *
 * <p>Open loop: request i is due at {@code start + offset(i)} on the absolute clock and is sent then, whatever
 * happened to earlier requests; lateness is measured as schedule_delay, never hidden. When the sender can hold
 * requests until their time ({@link RequestSender#sendAheadNanos}), they are handed over in batches up to that far
 * ahead and the sender's I/O thread writes each at its time: one wake-up of this thread per batch instead of one
 * per request, and no hand-off between threads at the send instant.
 */
final class StageRunner {
  private static final long SPIN_THRESHOLD_NANOS = 50_000;
  private static final long POLL_NANOS = 20_000_000;

  private final RequestSender sender;
  private final NanoClock clock;
  private final EngineOptions options;
  private final StopSignal stop;
  private final LiveCounters counters;
  private final Recorder recorder;
  private long nextSeq;
  /** The current stage's session gate with multi-turn data, else null. */
  private SessionGate gate;

  StageRunner(
      RequestSender sender,
      NanoClock clock,
      EngineOptions options,
      StopSignal stop,
      LiveCounters counters,
      Recorder recorder) {
    this.sender = sender;
    this.clock = clock;
    this.options = options;
    this.stop = stop;
    this.counters = counters;
    this.recorder = recorder;
  }

  StageOutcome run(StagePlan plan, RequestFactory factory) throws InterruptedException {
    // Multi-turn data: turns are built by the session gate when their session is free, not ahead by a preparer.
    gate = factory instanceof SessionRequestFactory sessions
        ? new SessionGate(sessions, plan.stageId(), (request, due, done) -> send(request, plan.stageId(), due, done))
        : null;
    try (SessionGate closing = gate;
        Preparer preparer = gate != null ? null
            : new Preparer(factory, plan.stageId(), plan.plannedRequests(), options.prepareAhead())) {
      if (preparer != null) preparer.awaitReady(options.prepareAhead(), options.leadNanos());
      long startNanos = clock.nanoTime();
      long startEpochMillis = System.currentTimeMillis();
      counters.resetForStage(plan.stageId(), startNanos, plan.plannedRequests(), plan.durationNanos());
      recorder.stageStarted(plan, new RunObserver.StageClock(startNanos, startEpochMillis));

      long sent = plan.openLoop() ? sendOpenLoop(plan, preparer, startNanos) : sendClosedLoop(plan, preparer);
      long cut = awaitInFlight(plan, startNanos);
      if (gate != null) {
        gate.close(); // delivers every finished turn before the stage ends
        gate.rethrowFailure();
        sent -= gate.dropped();
      }
      long unsent = plan.plannedRequests() - sent;
      StageOutcome.Status status = stop.stopped() ? StageOutcome.Status.INTERRUPTED : StageOutcome.Status.COMPLETED;
      StageOutcome outcome =
          new StageOutcome(
              status, startNanos, clock.nanoTime(), startEpochMillis, System.currentTimeMillis(), sent, unsent, cut);
      recorder.stageEnded(plan, outcome);
      return outcome;
    }
  }

  private long sendOpenLoop(StagePlan plan, Preparer preparer, long startNanos) throws InterruptedException {
    ArrivalSchedule.Cursor cursor = plan.arrivals().cursor();
    long endNanos = startNanos + plan.durationNanos();
    long aheadNanos = Math.max(0, sender.sendAheadNanos());
    long sent = 0;
    long offset;
    while ((offset = cursor.nextOffsetNanos()) >= 0) {
      long dueNanos = startNanos + offset;
      boolean ready = aheadNanos > 0 ? waitForBatch(dueNanos, aheadNanos) : waitUntil(dueNanos);
      if (!ready) break;
      if (gate != null) {
        if (clock.nanoTime() >= endNanos) break;
        gate.submit(sent++, dueNanos, this::onFinished);
        continue;
      }
      PreparedRequest request = nextRequest(preparer, endNanos);
      if (request == null) break;
      if (clock.nanoTime() >= endNanos) break; // no new request after the stage's end
      send(request, plan.stageId(), dueNanos, this::onFinished);
      sent++;
    }
    return sent;
  }

  private long sendClosedLoop(StagePlan plan, Preparer preparer) throws InterruptedException {
    // Each slot carries the time it became free: that is when the next request of a closed loop is due.
    LinkedBlockingQueue<Long> freeSlots = new LinkedBlockingQueue<>();
    long now = clock.nanoTime();
    for (int i = 0; i < plan.concurrency(); i++) freeSlots.add(now);
    Consumer<RequestRecord> onFinished =
        record -> {
          freeSlots.add(clock.nanoTime());
          onFinished(record);
        };
    long sent = 0;
    while (sent < plan.plannedRequests() && !stop.stopped()) {
      Long dueNanos = freeSlots.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
      if (dueNanos == null) {
        if (gate != null) gate.rethrowFailure(); // a turn that could not be built never frees its slot
        continue;
      }
      if (gate != null) {
        gate.submit(sent++, dueNanos, onFinished);
        continue;
      }
      PreparedRequest request = nextRequest(preparer, Long.MAX_VALUE);
      if (request == null) break;
      send(request, plan.stageId(), dueNanos, onFinished);
      sent++;
    }
    return sent;
  }

  private void send(PreparedRequest request, int stageId, long dueNanos, Consumer<RequestRecord> onFinished) {
    counters.sent.incrementAndGet();
    sender.send(request, nextSeq++, stageId, dueNanos, onFinished);
  }

  private void onFinished(RequestRecord record) {
    if (record.success()) counters.done.increment();
    else counters.failed.increment();
    recorder.recordFinished(record);
  }

  /** Next prepared request; null if the run stops or the deadline passes while waiting for it. */
  private PreparedRequest nextRequest(Preparer preparer, long deadlineNanos) throws InterruptedException {
    while (!stop.stopped() && clock.nanoTime() < deadlineNanos) {
      PreparedRequest request = preparer.next(POLL_NANOS);
      if (request != null) return request;
    }
    return null;
  }

  /**
   * For a sender that holds early requests: returns at once when {@code dueNanos} is within {@code aheadNanos},
   * else parks until it is within half of that, so that each wake-up hands over about aheadNanos/2 worth of
   * requests, each at least aheadNanos/2 before its time. False if the run stops.
   */
  private boolean waitForBatch(long dueNanos, long aheadNanos) {
    while (true) {
      if (stop.stopped()) return false;
      long early = dueNanos - clock.nanoTime() - aheadNanos;
      if (early <= 0) return true;
      LockSupport.parkNanos(Math.min(early + aheadNanos / 2, POLL_NANOS));
    }
  }

  /** Parks until {@code dueNanos} (spinning only for the last few microseconds); false if the run stops. */
  private boolean waitUntil(long dueNanos) {
    while (true) {
      if (stop.stopped()) return false;
      long left = dueNanos - clock.nanoTime();
      if (left <= 0) return true;
      if (left > SPIN_THRESHOLD_NANOS) {
        LockSupport.parkNanos(Math.min(left - SPIN_THRESHOLD_NANOS, POLL_NANOS));
      } else {
        Thread.onSpinWait();
      }
    }
  }

  /**
   * Waits for requests in flight: for open-loop stages until the stage's end plus the grace period; for closed
   * loops until they finish (their own timeouts bound them). On stop, only the grace period is granted. Whatever is
   * still in flight then is ended and recorded as cut off. Returns how many were cut.
   */
  private long awaitInFlight(StagePlan plan, long startNanos) throws InterruptedException {
    long graceEnd = graceDeadline(plan, startNanos);
    long stageEnd = plan.openLoop() ? startNanos + plan.durationNanos() : Long.MAX_VALUE;
    boolean waitingDropped = false;
    while ((sender.inFlight() > 0 || (gate != null && gate.unsent() > 0)) && clock.nanoTime() < graceEnd) {
      if (stop.stopped()) graceEnd = Math.min(graceEnd, stopDeadline());
      if (!waitingDropped && (stop.stopped() || clock.nanoTime() >= stageEnd)) {
        waitingDropped = true;
        dropWaiting(plan);
      }
      Thread.sleep(2);
    }
    if (gate != null) gate.stopStarting(); // closed loops: turns still waiting now will never be sent
    int cut = sender.inFlight();
    if (cut > 0) {
      boolean interrupted = stop.stopped();
      sender.abortInFlight(
          interrupted ? Failure.Kind.INTERRUPTED : Failure.Kind.CUT_AT_STAGE_END,
          interrupted
              ? "run interrupted (" + stop.reason() + "); still in flight after the grace period"
              : "still in flight when stage " + plan.stageId() + " ended and its grace period ran out");
      long deadline = clock.nanoTime() + 5_000_000_000L;
      while (sender.inFlight() > 0 && clock.nanoTime() < deadline) Thread.sleep(1);
    }
    return cut;
  }

  /** No request of a stage leaves after its end: those still queued for an in-flight slot are never sent. */
  private void dropWaiting(StagePlan plan) {
    if (gate != null) gate.stopStarting(); // turns waiting for their session's previous turn stay unsent
    boolean interrupted = stop.stopped();
    sender.dropWaiting(interrupted ? Failure.Kind.INTERRUPTED : Failure.Kind.CUT_AT_STAGE_END,
        "never sent: still waiting for a free in-flight slot (load.worker_max_concurrency) or connection when "
            + (interrupted ? "the run was interrupted" : "stage " + plan.stageId() + " ended"));
  }

  private long stopDeadline = Long.MAX_VALUE;

  private long stopDeadline() {
    if (stopDeadline == Long.MAX_VALUE) stopDeadline = clock.nanoTime() + options.stageGraceNanos();
    return stopDeadline;
  }

  private long graceDeadline(StagePlan plan, long startNanos) {
    if (stop.stopped()) return stopDeadline();
    if (!plan.openLoop()) return Long.MAX_VALUE;
    long stageEnd = startNanos + plan.durationNanos();
    return Math.max(stageEnd, clock.nanoTime()) + options.stageGraceNanos();
  }
}
