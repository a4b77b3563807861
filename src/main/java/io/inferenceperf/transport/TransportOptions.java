package io.inferenceperf.transport;

import io.inferenceperf.time.NanoClock;

/**
 * How {@link HttpTransport} connects, when it writes and when it gives up. Timeouts are in nanoseconds; 0 disables one.
 *
 * @param baseUrl the server, {@code http://host:port[/prefix]}; request paths are appended to it
 * @param numEventLoops I/O threads (load.num_workers); each owns its own connection pool
 * @param maxConnectionsPerLoop open TCP connections allowed per event loop (load.worker_max_tcp_connections)
 * @param maxInFlightPerLoop requests in flight allowed per event loop (load.worker_max_concurrency), 0 = no cap; a
 *     request over the cap waits in the loop's FIFO queue, and the wait shows up in its schedule delay
 * @param connectTimeoutNanos TCP connect timeout
 * @param headerTimeoutNanos from the request write to the first byte of the response
 * @param idleStreamTimeoutNanos longest silence allowed once the response started
 * @param totalTimeoutNanos from the request write to the end of the response (load.request_timeout); time spent
 *     waiting for a connection or for the in-flight cap is not included (it is schedule delay)
 * @param clock the clock of every timestamp
 * @param sendAheadNanos how long before its write time a request may be handed over and held on its loop's timer
 *     (0 = written when handed over); the timers run on the system clock, so use 0 with any other clock
 * @param nativeTransport use epoll when the platform has it (else NIO); false forces NIO
 * @param tls trust and client certificate for an https base URL
 * @param kernelTimestamps whether arrival times come from the kernel ({@code KernelTransport}): where available
 *     (AUTO), always (ON: an error where they are not) or never (OFF: the Netty transport's user-space stamps)
 * @param ioPriority how the I/O threads are scheduled (load.io_priority): real-time where allowed, always or never
 */
public record TransportOptions(
    String baseUrl,
    int numEventLoops,
    int maxConnectionsPerLoop,
    int maxInFlightPerLoop,
    long connectTimeoutNanos,
    long headerTimeoutNanos,
    long idleStreamTimeoutNanos,
    long totalTimeoutNanos,
    NanoClock clock,
    long sendAheadNanos,
    boolean nativeTransport,
    TlsSettings tls,
    KernelTimestamps kernelTimestamps,
    IoPriority ioPriority) {

  /** Options with the default I/O thread priority (real-time where allowed). */
  public TransportOptions(String baseUrl, int numEventLoops, int maxConnectionsPerLoop, int maxInFlightPerLoop,
      long connectTimeoutNanos, long headerTimeoutNanos, long idleStreamTimeoutNanos, long totalTimeoutNanos,
      NanoClock clock, long sendAheadNanos, boolean nativeTransport, TlsSettings tls,
      KernelTimestamps kernelTimestamps) {
    this(baseUrl, numEventLoops, maxConnectionsPerLoop, maxInFlightPerLoop, connectTimeoutNanos, headerTimeoutNanos,
        idleStreamTimeoutNanos, totalTimeoutNanos, clock, sendAheadNanos, nativeTransport, tls, kernelTimestamps,
        IoPriority.AUTO);
  }

  /** Whether to take arrival times from the kernel. */
  public enum KernelTimestamps {
    AUTO,
    ON,
    OFF
  }

  public TransportOptions {
    if (numEventLoops < 1) {
      throw new IllegalArgumentException("load.num_workers must be at least 1, got " + numEventLoops);
    }
    if (maxConnectionsPerLoop < 1) {
      throw new IllegalArgumentException(
          "load.worker_max_tcp_connections must be at least 1, got " + maxConnectionsPerLoop);
    }
    if (maxInFlightPerLoop < 0) {
      throw new IllegalArgumentException(
          "load.worker_max_concurrency must be 0 (no cap) or positive, got " + maxInFlightPerLoop);
    }
    if (connectTimeoutNanos < 0 || headerTimeoutNanos < 0 || idleStreamTimeoutNanos < 0 || totalTimeoutNanos < 0) {
      throw new IllegalArgumentException("timeouts must be 0 (none) or positive");
    }
    if (tls == null) {
      tls = TlsSettings.DEFAULT;
    }
    if (kernelTimestamps == null) {
      kernelTimestamps = KernelTimestamps.AUTO;
    }
    if (ioPriority == null) {
      ioPriority = IoPriority.AUTO;
    }
    if (clock == null) {
      throw new IllegalArgumentException("clock is required");
    }
    if (sendAheadNanos < 0) {
      throw new IllegalArgumentException("sendAheadNanos must be >= 0, got " + sendAheadNanos);
    }
  }

  /**
   * With kernel timestamps, how long a busy event loop sleeps between rounds of reads instead of waking at every
   * arriving segment (0: wake at every arrival): the system property {@code inferenceperf.readTickNanos}. Off by
   * default: two segments of one response queued within a tick are merged by the kernel under the newer one's
   * timestamp (docs/performance.md, "Reads on a tick: why they stay off").
   */
  public long readTickNanos() {
    return Long.getLong("inferenceperf.readTickNanos", 0);
  }

  /**
   * How far ahead a run hands requests over: 40 ms, or the system property {@code inferenceperf.sendAheadNanos}
   * (0 turns holding off, for comparisons). The I/O thread writes each held request at its time whatever this is;
   * a longer send-ahead only makes the pacer's batches larger and rarer (it wakes every half send-ahead, 25 times a
   * second at 40 ms) and keeps a request held on the loop, so that the next batch rarely has to ring its eventfd.
   */
  public static long defaultSendAheadNanos() {
    return Long.getLong("inferenceperf.sendAheadNanos", DEFAULT_SEND_AHEAD_NANOS);
  }

  /** The default send-ahead (docs/performance.md, "Background wake-ups"). */
  public static final long DEFAULT_SEND_AHEAD_NANOS = 40_000_000L;

  /**
   * Defaults for tests and tools: one loop, 1000 connections, no in-flight cap, no timeouts, system clock, requests
   * held up to the default send-ahead.
   */
  public static TransportOptions of(String baseUrl) {
    return new TransportOptions(baseUrl, 1, 1000, 0, 0, 0, 0, 0, NanoClock.SYSTEM, defaultSendAheadNanos(), true,
        TlsSettings.DEFAULT, KernelTimestamps.AUTO);
  }

  public TransportOptions withLoops(int loops, int maxConnections, int maxInFlight) {
    return new TransportOptions(
        baseUrl, loops, maxConnections, maxInFlight, connectTimeoutNanos, headerTimeoutNanos,
        idleStreamTimeoutNanos, totalTimeoutNanos, clock, sendAheadNanos, nativeTransport, tls, kernelTimestamps, ioPriority);
  }

  public TransportOptions withTimeouts(long connectNanos, long headerNanos, long idleNanos, long totalNanos) {
    return new TransportOptions(
        baseUrl, numEventLoops, maxConnectionsPerLoop, maxInFlightPerLoop, connectNanos, headerNanos, idleNanos,
        totalNanos, clock, sendAheadNanos, nativeTransport, tls, kernelTimestamps, ioPriority);
  }

  /** The same options with another clock and send-ahead (0 with a clock other than the system's). */
  public TransportOptions withClock(NanoClock otherClock, long aheadNanos) {
    return new TransportOptions(
        baseUrl, numEventLoops, maxConnectionsPerLoop, maxInFlightPerLoop, connectTimeoutNanos, headerTimeoutNanos,
        idleStreamTimeoutNanos, totalTimeoutNanos, otherClock, aheadNanos, nativeTransport, tls, kernelTimestamps, ioPriority);
  }

  public TransportOptions withNativeTransport(boolean allowed) {
    return new TransportOptions(
        baseUrl, numEventLoops, maxConnectionsPerLoop, maxInFlightPerLoop, connectTimeoutNanos, headerTimeoutNanos,
        idleStreamTimeoutNanos, totalTimeoutNanos, clock, sendAheadNanos, allowed, tls, kernelTimestamps, ioPriority);
  }

  public TransportOptions withKernelTimestamps(KernelTimestamps use) {
    return new TransportOptions(
        baseUrl, numEventLoops, maxConnectionsPerLoop, maxInFlightPerLoop, connectTimeoutNanos, headerTimeoutNanos,
        idleStreamTimeoutNanos, totalTimeoutNanos, clock, sendAheadNanos, nativeTransport, tls, use, ioPriority);
  }

  public TransportOptions withIoPriority(IoPriority priority) {
    return new TransportOptions(
        baseUrl, numEventLoops, maxConnectionsPerLoop, maxInFlightPerLoop, connectTimeoutNanos, headerTimeoutNanos,
        idleStreamTimeoutNanos, totalTimeoutNanos, clock, sendAheadNanos, nativeTransport, tls, kernelTimestamps,
        priority);
  }

  public TransportOptions withTls(TlsSettings settings) {
    return new TransportOptions(
        baseUrl, numEventLoops, maxConnectionsPerLoop, maxInFlightPerLoop, connectTimeoutNanos, headerTimeoutNanos,
        idleStreamTimeoutNanos, totalTimeoutNanos, clock, sendAheadNanos, nativeTransport, settings, kernelTimestamps,
        ioPriority);
  }
}
