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

  /**
   * The request was sent: with user-space stamps, just before its bytes are written to the socket; with kernel
   * stamps, when the kernel transmitted its last byte. A transport may call it again, with a more exact time, before
   * any byte of the response arrived.
   */
  void onSent(long nanos);

  /** The time given to the latest {@link #onSent} is the kernel's transmit timestamp. */
  default void onKernelSendStamp() {}

  /**
   * The status line and headers arrived.
   *
   * @param eventStream the Content-Type is text/event-stream
   */
  void onHead(int status, boolean eventStream, long nanos);

  /**
   * The name of one response header whose value this exchange wants (e.g. a router's session token), or null.
   * Asked once before the response is read.
   */
  default String wantedResponseHeader() {
    return null;
  }

  /** The value of {@link #wantedResponseHeader()} in the response, told just before {@link #onHead} when present. */
  default void onResponseHeader(String value) {}

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

  /**
   * A read of the kernel transport, before its events: whether the kernel stamped it, and how long its bytes waited
   * in the socket before the client read them (the client's own lateness, which enters no measured time; 0 when not
   * stamped), and the earliest its bytes can have arrived ({@code earliestArrivalNanos}: they were not there at the
   * connection's previous read, nor when the loop last polled its sockets). A read that completes several events
   * gives them all its one stamp (the last segment's; the kernel may also have merged queued segments into one):
   * the earlier events arrived somewhere between that earliest time and the stamp. The Netty transport does not
   * call it: its arrival times are its reads.
   */
  default void onRead(boolean kernelStamped, long latenessNanos, long earliestArrivalNanos) {}

  /** The exchange is over; called exactly once, after everything else. */
  void onComplete();
}
