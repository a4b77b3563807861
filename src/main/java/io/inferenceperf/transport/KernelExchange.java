package io.inferenceperf.transport;

/**
 * One request on its way through the {@link KernelTransport}: created on the caller's thread, then owned by one
 * {@link KernelLoop} (every mutable field is touched only there).
 */
final class KernelExchange {
  final ExchangeListener listener;
  /** The whole request, head and body. */
  final byte[] bytes;
  final long writeAtNanos;
  /** The transport's abort epoch when the request was handed over. */
  final long epoch;

  /** When its last byte was sent (the kernel's transmit timestamp, else the send call's return), -1 until then. */
  long sentNanos = -1;
  /** Whether {@link #sentNanos} is the kernel's transmit timestamp. */
  boolean kernelSendStamp;
  /** Arrival time of the latest bytes of the response (or the send time before any), for the idle timeout. */
  long lastReadNanos = -1;
  /** Bytes of {@link #bytes} already written. */
  int written;
  boolean completed;

  KernelExchange(ExchangeListener listener, byte[] bytes, long writeAtNanos, long epoch) {
    this.listener = listener;
    this.bytes = bytes;
    this.writeAtNanos = writeAtNanos;
    this.epoch = epoch;
  }
}
