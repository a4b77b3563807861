package io.inferenceperf.transport;

import io.inferenceperf.record.Failure;

/**
 * What the transport observes of one exchange, told as it happens, each with the monotonic time it was observed
 * (the arrival time of the bytes, read on the I/O thread before any parsing). The transport knows bytes, HTTP and
 * SSE events; what a payload means (OpenAI chunks, usage, errors) is the listener's business.
 *
 * <p>All calls of one exchange run on one I/O thread, in order: {@link #onSent}, {@link #onHead}, then
 * {@link #onBody} and {@link #onEvent} as bytes arrive, then {@link #onEnd} or {@link #onAbort} (possibly
 * without any of the earlier ones), then {@link #onComplete} exactly once. They must be cheap.
 */
public interface ExchangeListener {

  /** The request's bytes are about to be written to the socket. */
  void onSent(long nanos);

  /**
   * The status line and headers arrived.
   *
   * @param eventStream the Content-Type is text/event-stream
   */
  void onHead(int status, boolean eventStream, long nanos);

  /** Whether the body should be framed as SSE and delivered through {@link #onEvent}; asked after the head. */
  boolean wantsEvents();

  /** Raw (de-chunked) body bytes, valid only during the call. */
  void onBody(byte[] bytes, int offset, int length);

  /**
   * One SSE event's data payload (valid only during the call), completed by bytes that arrived at
   * {@code arrivalNanos}.
   *
   * @param errorEvent the event was named {@code error}
   */
  void onEvent(boolean errorEvent, byte[] data, int length, long arrivalNanos);

  /** The response ended normally (its last byte arrived at {@code nanos}). */
  void onEnd(long nanos);

  /** The exchange ended abnormally at {@code nanos} (timeout, connection lost, abort), with why. */
  void onAbort(Failure failure, long nanos);

  /** The exchange is over; called exactly once, after everything else. */
  void onComplete();
}
