package io.inferenceperf.transport;

import io.inferenceperf.record.Failure;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's HTTP client, as the API layer uses it: POSTs a request, writes it at its time, and tells the
 * exchange's {@link ExchangeListener} everything that happens, each with the time it happened. Two implementations:
 * {@code KernelTransport} (Linux, plain HTTP) takes every arrival time from the kernel's receive timestamp of the
 * bytes, so the client's own scheduling delays never enter the measurements; {@link HttpTransport} (Netty; TLS, other
 * systems) stamps arrivals when its I/O thread reads them. {@link #arrivalClock()} says which, and every report
 * states it.
 */
public interface Transport extends AutoCloseable {

  /** Where arrival times come from. */
  enum ArrivalClock {
    /** The kernel's software receive timestamp of the last segment of each read (SO_TIMESTAMPING). */
    KERNEL("kernel_receive_timestamp", "after_send_syscall"),
    /** The I/O thread's clock reading when it got the bytes, before any parsing. */
    USER_SPACE("user_space_read", "before_send_syscall");

    /** How the reports name the arrival clock and the send stamp. */
    public final String arrivalName;
    public final String sendName;

    ArrivalClock(String arrivalName, String sendName) {
      this.arrivalName = arrivalName;
      this.sendName = sendName;
    }
  }

  /**
   * Sends a POST of {@code body} to {@code path} (under the base URL) with {@code headers}: written at
   * {@code writeAtNanos} when that is up to {@link #sendAheadNanos} away, else at once. {@code listener} hears
   * everything about the exchange and, last, {@link ExchangeListener#onComplete} exactly once.
   */
  void send(String path, Map<String, String> headers, byte[] body, long writeAtNanos, ExchangeListener listener);

  /** How long before its write time a request may be handed over. */
  long sendAheadNanos();

  /** Requests handed over and not completed yet. */
  int inFlight();

  /** Ends, with {@code failure}, every request still waiting for a free in-flight slot or connection. */
  void dropWaiting(Failure failure);

  /** Ends every request handed over and not completed yet with {@code failure}, closing their connections. */
  void abortInFlight(Failure failure);

  /** Where this transport's arrival times come from. */
  ArrivalClock arrivalClock();

  /** How the I/O threads are scheduled ({@link IoPriority}). */
  default IoPriority.Outcome ioPriority() {
    return IoPriority.Outcome.NOT_APPLIED;
  }

  @Override
  void close();

  /**
   * The transport for {@code options}: kernel timestamps when asked for (or by default) and available for the
   * server's scheme, else Netty, saying why once.
   */
  static Transport open(TransportOptions options) {
    Logger log = LoggerFactory.getLogger(Transport.class);
    if (options.kernelTimestamps() == TransportOptions.KernelTimestamps.OFF) return new HttpTransport(options);
    NativeIo nativeIo = NativeIos.current();
    String unavailable = nativeIo.kernelTransportUnavailable(ServerAddress.parse(options.baseUrl()));
    if (unavailable == null) return nativeIo.openKernelTransport(options);
    if (options.kernelTimestamps() == TransportOptions.KernelTimestamps.ON) {
      throw new TransportRefused("load.kernel_timestamps is on but " + unavailable
          + " (set load.kernel_timestamps to auto to take arrival times from the I/O thread's clock instead)");
    }
    log.info("arrival times from the I/O thread's clock, not the kernel's: {}", unavailable);
    return new HttpTransport(options);
  }
}
