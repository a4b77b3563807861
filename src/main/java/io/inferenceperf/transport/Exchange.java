package io.inferenceperf.transport;

import io.inferenceperf.api.ResponseAssembler;
import io.inferenceperf.record.RequestRecord;
import java.util.function.Consumer;

/**
 * One request on its way: created by {@link NettyRequestSender#send} on the caller's thread, then owned by one
 * event loop (every field below is touched only there). As a Runnable it is its own hand-off task to that loop,
 * which saves an allocation per request.
 */
final class Exchange implements Runnable {
  final ResponseAssembler assembler;
  final Consumer<RequestRecord> onComplete;
  final LoopPool pool;
  final RequestHead head;
  /** The sender's abort epoch when the request was handed over. */
  final long epoch;

  /** Arrival time of the latest bytes of the response (or the send time before any), for the idle timeout. */
  long lastReadNanos = -1;
  /** Set once the record was handed on; guards "every send completes exactly once". */
  boolean completed;

  Exchange(
      ResponseAssembler assembler, Consumer<RequestRecord> onComplete, LoopPool pool, RequestHead head, long epoch) {
    this.assembler = assembler;
    this.onComplete = onComplete;
    this.pool = pool;
    this.head = head;
    this.epoch = epoch;
  }

  /** Runs on the loop when the request's time has come (at once, or from the loop's timer). */
  @Override
  public void run() {
    pool.start(this);
  }
}
