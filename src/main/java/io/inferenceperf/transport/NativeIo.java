package io.inferenceperf.transport;

/**
 * What the transport asks of the operating system beyond Java's own sockets: the kernel-timestamping transport and
 * real-time I/O threads. Both call C through the Foreign Function and Memory API, final only from Java 22, so their
 * classes are compiled apart ({@code src/main/java22}) and {@link NativeIos} loads them by name on a JVM of 22 or
 * later. On Java 21 the tool runs on Netty's transport with ordinary I/O threads and says why.
 */
interface NativeIo {

  /** Why the kernel-timestamping transport cannot serve {@code address} here, or null when it can. */
  String kernelTransportUnavailable(ServerAddress address);

  /** The kernel-timestamping transport; call only after {@link #kernelTransportUnavailable} answered null. */
  Transport openKernelTransport(TransportOptions options);

  /** Puts the calling thread under SCHED_FIFO at {@code priority}: null when done, else why not. */
  String makeCurrentThreadRealtime(int priority);
}
