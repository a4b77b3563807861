package io.inferenceperf.transport;

/**
 * One request on its way through the {@code KernelTransport}: created on the caller's thread, then owned by one
 * {@code KernelLoop} (every mutable field is touched only there).
 */
final class KernelExchange {
  final ExchangeListener listener;
  /** The request's head, without the body length. */
  final RequestHead head;
  final byte[] body;
  /** Bytes of the whole request, head and body. */
  final int size;
  final long writeAtNanos;
  /** The transport's abort epoch when the request was handed over. */
  final long epoch;

  /** When its last byte was sent (the kernel's transmit timestamp, else the send call's return), -1 until then. */
  long sentNanos = -1;
  /** Whether {@link #sentNanos} is the kernel's transmit timestamp. */
  boolean kernelSendStamp;
  /** Arrival time of the latest bytes of the response (or the send time before any), for the idle timeout. */
  long lastReadNanos = -1;
  /** Bytes of the request already written. */
  int written;
  boolean completed;

  KernelExchange(ExchangeListener listener, RequestHead head, byte[] body, long writeAtNanos, long epoch) {
    this.listener = listener;
    this.head = head;
    this.body = body;
    this.size = head.exactSize(body.length);
    this.writeAtNanos = writeAtNanos;
    this.epoch = epoch;
  }
}
