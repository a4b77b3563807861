package io.inferenceperf.transport;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** The native calls through the FFM API (Java 22 and later): loaded by name by {@link NativeIos}. */
final class FfmNativeIo implements NativeIo {

  FfmNativeIo() {}

  @Override
  public String kernelTransportUnavailable(ServerAddress address) {
    return KernelTransport.unavailableReason(address);
  }

  @Override
  public Transport openKernelTransport(TransportOptions options) {
    return new KernelTransport(options);
  }

  @Override
  public String makeCurrentThreadRealtime(int priority) {
    if (!Posix.SUPPORTED) return "real-time I/O threads are implemented for Linux only";
    try (Arena arena = Arena.ofConfined()) {
      Posix.Errno errno = new Posix.Errno(arena);
      MemorySegment param = arena.allocate(8, 8);
      if (Posix.schedSetScheduler(errno, Posix.SCHED_FIFO, priority, param) == 0) return null;
      return "the system refused SCHED_FIFO (" + Errnos.describe(errno.get())
          + "): run as root or with the CAP_SYS_NICE capability for real-time I/O threads";
    } catch (Throwable e) {
      return "sched_setscheduler failed: " + e;
    }
  }
}
