package io.inferenceperf.engine;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

/**
 * A {@link RequestSender} in virtual time: each request is written at once (or, with a send-ahead, at its intended
 * time), answered after a scripted service time, and completed through the clock's event queue. An in-flight cap
 * makes requests wait in FIFO order as the transport's load.worker_max_concurrency does. No network, no threads:
 * HTTP behaviour is tested against the simulator elsewhere; this fixture pins the engine's semantics exactly.
 */
final class VirtualSender implements RequestSender {

  /** One request the engine handed over. */
  static final class Handed {
    final long seq;
    final int stageId;
    final long intendedNanos;
    final long handedAtNanos;
    final Consumer<RequestRecord> onComplete;
    long sentNanos = -1;
    boolean done;

    Handed(long seq, int stageId, long intendedNanos, long handedAtNanos, Consumer<RequestRecord> onComplete) {
      this.seq = seq;
      this.stageId = stageId;
      this.intendedNanos = intendedNanos;
      this.handedAtNanos = handedAtNanos;
      this.onComplete = onComplete;
    }
  }

  private final VirtualClock clock;
  private final LongUnaryOperator serviceNanosBySeq;
  private final int maxInFlight;
  private final long sendAheadNanos;
  private final Map<Long, Handed> active = new LinkedHashMap<>();
  private final ArrayDeque<Handed> waiting = new ArrayDeque<>();
  final Map<Long, Handed> handed = new LinkedHashMap<>();
  int peakInFlight;

  /**
   * @param serviceNanosBySeq how long the server takes to answer request {@code seq}
   * @param maxInFlight requests on the wire at most (0: no cap)
   * @param sendAheadNanos how early requests may be handed over (held until their time)
   */
  VirtualSender(VirtualClock clock, LongUnaryOperator serviceNanosBySeq, int maxInFlight, long sendAheadNanos) {
    this.clock = clock;
    this.serviceNanosBySeq = serviceNanosBySeq;
    this.maxInFlight = maxInFlight;
    this.sendAheadNanos = sendAheadNanos;
  }

  VirtualSender(VirtualClock clock, LongUnaryOperator serviceNanosBySeq) {
    this(clock, serviceNanosBySeq, 0, 0);
  }

  @Override
  public void send(PreparedRequest request, long seq, int stageId, long intendedStartNanos,
      Consumer<RequestRecord> onComplete) {
    Handed h = new Handed(seq, stageId, intendedStartNanos, clock.nanoTime(), onComplete);
    handed.put(seq, h);
    if (sendAheadNanos > 0 && intendedStartNanos > clock.nanoTime()) {
      clock.schedule(intendedStartNanos, () -> queue(h));
    } else {
      queue(h);
    }
  }

  private void queue(Handed h) {
    if (h.done) return;
    waiting.add(h);
    drain();
  }

  private void drain() {
    while (!waiting.isEmpty() && (maxInFlight == 0 || active.size() < maxInFlight)) {
      Handed h = waiting.poll();
      h.sentNanos = clock.nanoTime();
      active.put(h.seq, h);
      peakInFlight = Math.max(peakInFlight, active.size());
      clock.schedule(h.sentNanos + serviceNanosBySeq.applyAsLong(h.seq), () -> complete(h, null));
    }
  }

  private void complete(Handed h, Failure failure) {
    if (h.done) return;
    h.done = true;
    active.remove(h.seq);
    waiting.remove(h);
    long end = clock.nanoTime();
    h.onComplete.accept(new RequestRecord(h.seq, h.stageId, h.intendedNanos, h.sentNanos, end,
        h.sentNanos < 0 ? new long[0] : new long[] {end}, h.sentNanos < 0 ? new int[0] : new int[] {1}, -1, 10,
        false, 1, -1, -1, 100, failure == null ? 200 : 0, failure, "m", null, null, 0, -1, -1));
    drain();
  }

  @Override
  public long sendAheadNanos() {
    return sendAheadNanos;
  }

  @Override
  public void dropWaiting(Failure failure) {
    for (Handed h : waiting.toArray(Handed[]::new)) complete(h, failure);
  }

  /** As the transport aborts: the waiting first (so none of them starts), then those on the wire, then held ones. */
  @Override
  public void abortInFlight(Failure failure) {
    dropWaiting(failure);
    for (Handed h : active.values().toArray(Handed[]::new)) complete(h, failure);
    for (Handed h : handed.values().toArray(Handed[]::new)) complete(h, failure);
  }

  @Override
  public void close() {}
}
