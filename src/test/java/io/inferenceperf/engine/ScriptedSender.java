package io.inferenceperf.engine;

import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import io.inferenceperf.transport.RequestSender;

/**
 * An in-memory RequestSender for the engine's pacing and stage-cut logic only: it "answers" each request after a
 * scripted service time, with no network. End-to-end behaviour over HTTP is tested against the simulator elsewhere;
 * this fixture exists so pacing can be checked without a server's own timing in the way.
 */
final class ScriptedSender implements RequestSender {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final LongUnaryOperator serviceNanosBySeq;
  private final Map<Long, Pending> inFlight = new ConcurrentHashMap<>();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
  /** When send was called for each seq (earlier than sentAt for a sender that holds early requests). */
  final ConcurrentHashMap<Long, Long> calledAt = new ConcurrentHashMap<>();
  private final long aheadNanos;

  private record Pending(
      long seq, int stage, long intended, long sent, Consumer<RequestRecord> done, AtomicBoolean finished) {}

  ScriptedSender(LongUnaryOperator serviceNanosBySeq) {
    this(serviceNanosBySeq, 0);
  }

  /** @param aheadNanos how far ahead of its time a request may be handed over; it is "written" at its time */
  ScriptedSender(LongUnaryOperator serviceNanosBySeq, long aheadNanos) {
    this.serviceNanosBySeq = serviceNanosBySeq;
    this.aheadNanos = aheadNanos;
  }

  @Override
  public long sendAheadNanos() {
    return aheadNanos;
  }

  @Override
  public void send(PreparedRequest request, long seq, int stageId, long intended, Consumer<RequestRecord> done) {
    long now = System.nanoTime();
    calledAt.put(seq, now);
    long sent = aheadNanos > 0 ? Math.max(now, intended) : now;
    sentAt.put(seq, sent);
    Pending p = new Pending(seq, stageId, intended, sent, done, new AtomicBoolean());
    inFlight.put(seq, p);
    maxInFlight.accumulateAndGet(inFlight.size(), Math::max);
    timer.schedule(() -> finish(p, null), sent - now + serviceNanosBySeq.applyAsLong(seq), TimeUnit.NANOSECONDS);
  }

  private void finish(Pending p, Failure failure) {
    if (!p.finished().compareAndSet(false, true)) return;
    long end = System.nanoTime();
    inFlight.remove(p.seq());
    p.done().accept(new RequestRecord(p.seq(), p.stage(), p.intended(), p.sent(), end, new long[0], new int[0], -1,
        10, false, 5, -1, -1, 100, failure == null ? 200 : 0, failure, "m", null, null));
  }

  @Override
  public int inFlight() {
    return inFlight.size();
  }

  @Override
  public void abortInFlight(Failure.Kind kind, String message) {
    for (Pending p : inFlight.values()) finish(p, Failure.of(kind, message));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
