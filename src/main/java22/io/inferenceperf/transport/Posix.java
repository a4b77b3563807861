package io.inferenceperf.transport;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The few Linux system calls the kernel-stamped transport needs, called through the Foreign Function and Memory API
 * (no JNI): sockets, {@code recvmsg} with its control messages, {@code epoll} and an {@code eventfd}. Every call
 * captures {@code errno}. Constants are those of Linux on x86_64 and aarch64 (the generic ABI both use for these);
 * {@link #SUPPORTED} is false anywhere else, and the Netty transport is used instead.
 *
 * <p>Not a general binding: each method does one thing the transport needs, on memory the caller owns.
 */
final class Posix {
  private Posix() {}

  static final boolean SUPPORTED = supported();

  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int SOCK_STREAM = 1;
  static final int SOCK_NONBLOCK = 0x800;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int SOL_SOCKET = 1;
  static final int SO_REUSEADDR = 2;
  static final int SO_ERROR = 4;
  static final int SO_KEEPALIVE = 9;
  static final int SO_TIMESTAMPING = 37;
  static final int SCM_TIMESTAMPING = SO_TIMESTAMPING;
  static final int IPPROTO_TCP = 6;
  static final int TCP_NODELAY = 1;
  /** Software timestamps: generate them on transmit and on receive, report them, and send no payload back. */
  static final int SOF_TIMESTAMPING_TX_SOFTWARE = 1 << 1;
  static final int SOF_TIMESTAMPING_RX_SOFTWARE = 1 << 3;
  static final int SOF_TIMESTAMPING_SOFTWARE = 1 << 4;
  static final int SOF_TIMESTAMPING_OPT_TSONLY = 1 << 11;
  static final int TIMESTAMPING_FLAGS = SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_RX_SOFTWARE
      | SOF_TIMESTAMPING_SOFTWARE | SOF_TIMESTAMPING_OPT_TSONLY;
  static final int MSG_DONTWAIT = 0x40;
  static final int MSG_ERRQUEUE = 0x2000;
  static final int MSG_PEEK = 0x2;
  static final int MSG_NOSIGNAL = 0x4000;

  static final int EPOLL_CLOEXEC = 0x80000;
  static final int EPOLL_CTL_ADD = 1;
  static final int EPOLL_CTL_DEL = 2;
  static final int EPOLL_CTL_MOD = 3;
  static final int EPOLLIN = 0x1;
  static final int EPOLLOUT = 0x4;
  static final int EPOLLERR = 0x8;
  static final int EPOLLHUP = 0x10;
  static final int EPOLLRDHUP = 0x2000;
  static final int EFD_NONBLOCK = 0x800;
  static final int EFD_CLOEXEC = 0x80000;

  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EINPROGRESS = 115;
  static final int ECONNREFUSED = 111;

  /** {@code struct epoll_event} is packed on x86_64 (12 bytes), naturally aligned on aarch64 (16 bytes). */
  static final long EPOLL_EVENT_SIZE = isX86() ? 12 : 16;
  static final long EPOLL_EVENT_DATA_OFFSET = isX86() ? 4 : 8;
  /** {@code struct msghdr} on 64-bit Linux: name, namelen, iov, iovlen, control, controllen, flags. */
  static final long MSGHDR_SIZE = 56;
  static final long MSGHDR_IOV = 16;
  static final long MSGHDR_IOVLEN = 24;
  static final long MSGHDR_CONTROL = 32;
  static final long MSGHDR_CONTROLLEN = 40;
  /** {@code struct cmsghdr}: len (size_t), level, type; data after 16 bytes. */
  static final long CMSG_HEADER = 16;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final MemoryLayout ERRNO_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  private static MethodHandle call(String name, FunctionDescriptor descriptor) {
    if (!SUPPORTED) return null;
    return LINKER.downcallHandle(SymbolLookup.loaderLookup().or(LINKER.defaultLookup()).find(name).orElseThrow(),
        descriptor, Linker.Option.captureCallState("errno"));
  }

  private static final MethodHandle SOCKET = call("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT,
      JAVA_INT));
  private static final MethodHandle CONNECT = call("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
      JAVA_INT));
  private static final MethodHandle BIND = call("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle LISTEN = call("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle ACCEPT4 = call("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
      ADDRESS, JAVA_INT));
  private static final MethodHandle GETSOCKNAME = call("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
      ADDRESS, ADDRESS));
  private static final MethodHandle SETSOCKOPT = call("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
      JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle GETSOCKOPT = call("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
      JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle SEND = call("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
      JAVA_LONG, JAVA_INT));
  private static final MethodHandle RECVMSG = call("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
      JAVA_INT));
  private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle EPOLL_CREATE1 = call("epoll_create1", FunctionDescriptor.of(JAVA_INT,
      JAVA_INT));
  private static final MethodHandle EPOLL_CTL = call("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
      JAVA_INT, JAVA_INT, ADDRESS));
  /** epoll_pwait2 (Linux 5.11): a timeout in nanoseconds, so a held request can be written on time. */
  private static final MethodHandle EPOLL_PWAIT2 = call("epoll_pwait2", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
      ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle EVENTFD = call("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle WRITE = call("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
      JAVA_LONG));
  private static final MethodHandle READ = call("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
      JAVA_LONG));

  /** sched_setscheduler(2) on the calling thread (pid 0): a real-time policy for an I/O loop, where allowed. */
  private static final MethodHandle SCHED_SETSCHEDULER = call("sched_setscheduler", FunctionDescriptor.of(JAVA_INT,
      JAVA_INT, JAVA_INT, ADDRESS));
  /** setpriority(2) with PRIO_PROCESS and tid 0: the calling thread's nice value (per thread on Linux). */
  private static final MethodHandle SETPRIORITY = call("setpriority", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
      JAVA_INT, JAVA_INT));

  static final int SCHED_FIFO = 1;
  static final int PRIO_PROCESS = 0;

  private static boolean isX86() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return arch.equals("amd64") || arch.equals("x86_64");
  }

  private static boolean supported() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return os.startsWith("linux") && (isX86() || arch.equals("aarch64"));
  }

  /** A system call's result: the value, or -1 with errno. */
  record Result(long value, int errno) {
    boolean failed() {
      return value < 0;
    }
  }

  /** Per-thread scratch for errno capture. */
  static final class Errno {
    final MemorySegment state;

    Errno(Arena arena) {
      state = arena.allocate(ERRNO_STATE);
    }

    int get() {
      return (int) ERRNO.get(state, 0L);
    }
  }

  static int socket(Errno errno, int family) throws Throwable {
    return (int) SOCKET.invokeExact(errno.state, family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  }

  /**
   * The software timestamp (CLOCK_REALTIME, nanoseconds since the epoch) among the control messages a recvmsg left
   * in {@code control} (its length in {@code msghdr}), or -1 when there is none.
   */
  static long receiveTimestamp(MemorySegment msghdr, MemorySegment control) {
    long length = msghdr.get(JAVA_LONG, MSGHDR_CONTROLLEN);
    long at = 0;
    while (at + CMSG_HEADER <= length) {
      long size = control.get(JAVA_LONG, at);
      if (size < CMSG_HEADER) break;
      int level = control.get(JAVA_INT, at + 8);
      int type = control.get(JAVA_INT, at + 12);
      if (level == SOL_SOCKET && type == SCM_TIMESTAMPING && size >= CMSG_HEADER + 16) {
        long seconds = control.get(JAVA_LONG, at + CMSG_HEADER);
        long nanos = control.get(JAVA_LONG, at + CMSG_HEADER + 8);
        return seconds == 0 && nanos == 0 ? -1 : seconds * 1_000_000_000L + nanos;
      }
      at += (size + 7) & ~7L;
    }
    return -1;
  }

  /** A blocking socket (for a test server's own threads). */
  static int blockingSocket(Errno errno, int family) throws Throwable {
    return (int) SOCKET.invokeExact(errno.state, family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  }

  static int bind(Errno errno, int fd, MemorySegment address, int length) throws Throwable {
    return (int) BIND.invokeExact(errno.state, fd, address, length);
  }

  static int listen(Errno errno, int fd, int backlog) throws Throwable {
    return (int) LISTEN.invokeExact(errno.state, fd, backlog);
  }

  /** Accepts one connection (blocking), as a blocking socket. */
  static int accept(Errno errno, int fd) throws Throwable {
    return (int) ACCEPT4.invokeExact(errno.state, fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
  }

  /** Accepts one waiting connection as a non-blocking socket; -1 with EAGAIN when none waits (non-blocking listener). */
  static int acceptNonBlocking(Errno errno, int fd) throws Throwable {
    return (int) ACCEPT4.invokeExact(errno.state, fd, MemorySegment.NULL, MemorySegment.NULL,
        SOCK_NONBLOCK | SOCK_CLOEXEC);
  }

  /** The port a bound IPv4 socket got ({@code scratch}: at least 20 bytes). */
  static int localPort(Errno errno, int fd, MemorySegment scratch) throws Throwable {
    scratch.set(JAVA_INT, 16, 16);
    int result = (int) GETSOCKNAME.invokeExact(errno.state, fd, scratch, scratch.asSlice(16, 4));
    if (result < 0) return -1;
    return ((scratch.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 2) & 0xff) << 8)
        | (scratch.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 3) & 0xff);
  }

  /** A blocking send of all of {@code length} bytes or an error (for a test server's threads). */
  static long sendBlocking(Errno errno, int fd, MemorySegment bytes, long length) throws Throwable {
    return (long) SEND.invokeExact(errno.state, fd, bytes, length, MSG_NOSIGNAL);
  }

  /** A blocking recvmsg (for a test server's threads). */
  static long recvmsgBlocking(Errno errno, int fd, MemorySegment header) throws Throwable {
    return (long) RECVMSG.invokeExact(errno.state, fd, header, 0);
  }

  static int connect(Errno errno, int fd, MemorySegment address, int length) throws Throwable {
    return (int) CONNECT.invokeExact(errno.state, fd, address, length);
  }

  static int setIntOption(Errno errno, int fd, int level, int name, MemorySegment intScratch, int value)
      throws Throwable {
    intScratch.set(JAVA_INT, 0, value);
    return (int) SETSOCKOPT.invokeExact(errno.state, fd, level, name, intScratch, 4);
  }

  /** {@code getsockopt(fd, SOL_SOCKET, SO_ERROR)}: the pending error of a non-blocking connect, 0 when connected. */
  static int socketError(Errno errno, int fd, MemorySegment scratch) throws Throwable {
    scratch.set(JAVA_INT, 0, 0);
    scratch.set(JAVA_INT, 4, 4);
    int result = (int) GETSOCKOPT.invokeExact(errno.state, fd, SOL_SOCKET, SO_ERROR, scratch,
        scratch.asSlice(4, 4));
    return result < 0 ? errno.get() : scratch.get(JAVA_INT, 0);
  }

  static long send(Errno errno, int fd, MemorySegment bytes, long length) throws Throwable {
    return (long) SEND.invokeExact(errno.state, fd, bytes, length, MSG_DONTWAIT | MSG_NOSIGNAL);
  }

  static long recvmsg(Errno errno, int fd, MemorySegment header) throws Throwable {
    return (long) RECVMSG.invokeExact(errno.state, fd, header, MSG_DONTWAIT);
  }

  /** Looks at the front of the receive queue without taking it (the timestamp is that of the first segment). */
  static long peek(Errno errno, int fd, MemorySegment header) throws Throwable {
    return (long) RECVMSG.invokeExact(errno.state, fd, header, MSG_DONTWAIT | MSG_PEEK);
  }

  /** Reads one entry of the socket's error queue, where transmit timestamps arrive. */
  static long recvErrorQueue(Errno errno, int fd, MemorySegment header) throws Throwable {
    return (long) RECVMSG.invokeExact(errno.state, fd, header, MSG_DONTWAIT | MSG_ERRQUEUE);
  }

  static int close(Errno errno, int fd) throws Throwable {
    return (int) CLOSE.invokeExact(errno.state, fd);
  }

  static int epollCreate(Errno errno) throws Throwable {
    return (int) EPOLL_CREATE1.invokeExact(errno.state, EPOLL_CLOEXEC);
  }

  /** Adds, changes or removes {@code fd}'s interest; the event's data is the fd itself. */
  static int epollControl(Errno errno, int epfd, int op, int fd, int events, MemorySegment eventScratch)
      throws Throwable {
    eventScratch.set(JAVA_INT, 0, events);
    eventScratch.set(JAVA_LONG_UNALIGNED, EPOLL_EVENT_DATA_OFFSET, fd);
    return (int) EPOLL_CTL.invokeExact(errno.state, epfd, op, fd, eventScratch);
  }

  /**
   * Waits for events at most {@code timeoutNanos} (negative: without limit).
   *
   * @param timespec 16 bytes of scratch for the timeout
   */
  static int epollWait(Errno errno, int epfd, MemorySegment events, int maxEvents, long timeoutNanos,
      MemorySegment timespec) throws Throwable {
    MemorySegment timeout = MemorySegment.NULL;
    if (timeoutNanos >= 0) {
      timespec.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
      timespec.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
      timeout = timespec;
    }
    return (int) EPOLL_PWAIT2.invokeExact(errno.state, epfd, events, maxEvents, timeout, MemorySegment.NULL);
  }

  /** The i-th event of an epoll_wait result: its event bits. */
  static int eventBits(MemorySegment events, int i) {
    return events.get(JAVA_INT, i * EPOLL_EVENT_SIZE);
  }

  /** The i-th event of an epoll_wait result: its fd (the data we registered). */
  static int eventFd(MemorySegment events, int i) {
    return (int) events.get(JAVA_LONG_UNALIGNED, i * EPOLL_EVENT_SIZE + EPOLL_EVENT_DATA_OFFSET);
  }

  static int newEventFd(Errno errno) throws Throwable {
    return (int) EVENTFD.invokeExact(errno.state, 0, EFD_NONBLOCK | EFD_CLOEXEC);
  }

  static long write(Errno errno, int fd, MemorySegment bytes, long length) throws Throwable {
    return (long) WRITE.invokeExact(errno.state, fd, bytes, length);
  }

  static long read(Errno errno, int fd, MemorySegment bytes, long length) throws Throwable {
    return (long) READ.invokeExact(errno.state, fd, bytes, length);
  }

  /** Puts the calling thread under {@code policy} at {@code priority}; 0 on success, else -1 with errno set. */
  static int schedSetScheduler(Errno errno, int policy, int priority, MemorySegment scratch) throws Throwable {
    scratch.set(JAVA_INT, 0, priority);
    return (int) SCHED_SETSCHEDULER.invokeExact(errno.state, 0, policy, scratch);
  }

  /** Sets the calling thread's nice value; 0 on success, else -1 with errno set. */
  static int setThreadNice(Errno errno, int nice) throws Throwable {
    return (int) SETPRIORITY.invokeExact(errno.state, PRIO_PROCESS, 0, nice);
  }
}
