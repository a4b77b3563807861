package io.inferenceperf.transport;

/**
 * One request on its way: created by {@link HttpTransport#send} on the caller's thread, then owned by one event
 * loop (every field below is touched only there). As a Runnable it is its own hand-off task to that loop, which
 * saves an allocation per request.
 */
final class Exchange implements Runnable {
  final ExchangeListener listener;
  final byte[] body;
  final LoopPool pool;
  final RequestHead head;
  /** The transport's abort epoch when the request was handed over. */
  final long epoch;

  /** When the request was written, -1 until then. */
  long sentNanos = -1;
  /** Arrival time of the latest bytes of the response (or the send time before any), for the idle timeout. */
  long lastReadNanos = -1;
  /** Set once the listener was told {@link ExchangeListener#onComplete}; guards "completes exactly once". */
  boolean completed;

  Exchange(ExchangeListener listener, byte[] body, LoopPool pool, RequestHead head, long epoch) {
    this.listener = listener;
    this.body = body;
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
