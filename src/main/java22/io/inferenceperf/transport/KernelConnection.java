package io.inferenceperf.transport;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

/**
 * One non-blocking TCP socket of a {@link KernelLoop}, with software receive timestamps on, carrying one exchange at
 * a time. Its system calls use the loop's {@link LoopMemory}; confined to the loop's thread.
 *
 * <p>Timing: {@link #receive} returns each read's bytes with the kernel's timestamp of the last segment in it, mapped
 * onto the monotonic timeline; the send time is read when the send system call that wrote the request's last byte
 * has returned.
 */
final class KernelConnection {
  enum State { CONNECTING, OPEN, CLOSED }

  /** What one {@link #receive} got. */
  enum Received { BYTES, WOULD_BLOCK, END_OF_STREAM, ERROR }

  final int fd;
  final ResponseReader reader = new ResponseReader();
  State state = State.CONNECTING;
  KernelExchange exchange;
  long connectStartedNanos;
  long idleSinceNanos;
  /** Must not carry another request (error, Connection: close, closing). */
  boolean retired;
  /** The epoll interest currently registered. */
  int interest;
  /** Position in the pool's connection list, -1 once removed. */
  int index = -1;

  // results of the last receive
  int receivedBytes;
  long arrivalNanos;
  long readNanos;
  /** When the read before the last one happened: the last read's bytes were not there yet. */
  long previousReadNanos;
  boolean kernelStamped;
  int errno;

  private KernelConnection(int fd) {
    this.fd = fd;
  }

  /**
   * Opens a socket to the loop's peer and starts connecting (non-blocking). Returns null with {@code failure[0]}
   * set when the socket cannot be made.
   */
  static KernelConnection open(LoopMemory memory, long nowNanos, String[] failure) throws Throwable {
    Posix.Errno errno = memory.errno;
    int fd = Posix.socket(errno, memory.family);
    if (fd < 0) {
      failure[0] = "cannot create a socket (errno " + errno.get() + ")";
      return null;
    }
    KernelConnection connection = new KernelConnection(fd);
    connection.connectStartedNanos = nowNanos;
    Posix.setIntOption(errno, fd, Posix.IPPROTO_TCP, Posix.TCP_NODELAY, memory.intScratch, 1);
    Posix.setIntOption(errno, fd, Posix.SOL_SOCKET, Posix.SO_KEEPALIVE, memory.intScratch, 1);
    if (Posix.setIntOption(errno, fd, Posix.SOL_SOCKET, Posix.SO_TIMESTAMPING, memory.intScratch,
        Posix.TIMESTAMPING_FLAGS) < 0) {
      failure[0] = "the kernel refused receive timestamps (errno " + errno.get() + ")";
      Posix.close(errno, fd);
      return null;
    }
    int result = Posix.connect(errno, fd, memory.peer, memory.peerLength);
    if (result < 0 && errno.get() != Posix.EINPROGRESS) {
      connection.errno = errno.get();
    }
    return connection;
  }

  /** After the socket became writable while connecting: 0 when connected, else the connect error (errno). */
  int connectResult(LoopMemory memory) throws Throwable {
    if (errno != 0) return errno;
    return Posix.socketError(memory.errno, fd, memory.intScratch);
  }

  /**
   * Writes as much of the exchange's remaining bytes as the socket takes. Returns true when the last byte was
   * written (then {@code exchange.sentNanos} is set), false when the rest waits for the socket to drain; throws
   * {@link SendFailed} on an error.
   */
  boolean writeSome(LoopMemory memory, KernelExchange exchange) throws Throwable {
    MemorySegment buffer = memory.writeBuffer(exchange.size);
    writeRequest(exchange.head, buffer, exchange.body);
    int remaining = exchange.size - exchange.written;
    if (exchange.written > 0) { // the rest of a request the socket took only in part (rare: requests are small)
      MemorySegment.copy(buffer, exchange.written, buffer, 0, remaining);
    }
    while (true) {
      long sent = Posix.send(memory.errno, fd, buffer, remaining);
      if (sent < 0) {
        int error = memory.errno.get();
        if (error == Posix.EINTR) continue;
        if (error == Posix.EAGAIN) return false;
        throw new SendFailed(error);
      }
      exchange.written += (int) sent;
      if (exchange.written == exchange.size) {
        exchange.sentNanos = System.nanoTime(); // the send call that wrote the last byte has returned
        return true;
      }
      remaining -= (int) sent;
      MemorySegment.copy(buffer, sent, buffer, 0, remaining);
    }
  }

  /**
   * The kernel's transmit timestamp of the latest send on this socket (the last byte handed to the device: on
   * loopback, inside the send call), mapped onto the monotonic timeline; -1 when the error queue holds none yet.
   * Drains the error queue.
   */
  long takeTransmitTimestamp(LoopMemory memory, RealtimeMapping mapping) throws Throwable {
    long latest = -1;
    while (true) {
      memory.prepareReceive();
      long count = Posix.recvErrorQueue(memory.errno, fd, memory.header);
      if (count < 0) {
        int error = memory.errno.get();
        if (error == Posix.EINTR) continue;
        return latest; // EAGAIN: the queue is empty
      }
      long realtime = memory.receiveTimestamp();
      if (realtime >= 0) latest = mapping.toMonotonic(realtime);
    }
  }

  /**
   * The arrival time of the first segment waiting in the receive queue (a one-byte peek), or -1 when there is none
   * or it carries no timestamp.
   */
  long firstQueuedArrival(LoopMemory memory, RealtimeMapping mapping) throws Throwable {
    memory.preparePeek();
    if (Posix.peek(memory.errno, fd, memory.header) <= 0) return -1;
    long realtime = memory.receiveTimestamp();
    return realtime < 0 ? -1 : mapping.toMonotonic(realtime);
  }

  /** Reads once into the loop's read buffer, with the arrival time of what was read. */
  Received receive(LoopMemory memory, RealtimeMapping mapping) throws Throwable {
    return receive(memory, mapping, LoopMemory.READ_BUFFER_BYTES);
  }

  /** Reads at most {@code maxBytes} once, with the arrival time of the last segment they came in. */
  Received receive(LoopMemory memory, RealtimeMapping mapping, int maxBytes) throws Throwable {
    memory.prepareReceive(maxBytes);
    long count = Posix.recvmsg(memory.errno, fd, memory.header);
    if (count < 0) {
      int error = memory.errno.get();
      if (error == Posix.EAGAIN || error == Posix.EINTR) return Received.WOULD_BLOCK;
      errno = error;
      return Received.ERROR;
    }
    if (count == 0) return Received.END_OF_STREAM;
    previousReadNanos = readNanos;
    readNanos = System.nanoTime();
    long kernelRealtime = memory.receiveTimestamp();
    kernelStamped = kernelRealtime >= 0;
    // A mapping error can never place the arrival after the read that found the bytes.
    arrivalNanos = kernelStamped ? Math.min(mapping.toMonotonic(kernelRealtime), readNanos) : readNanos;
    receivedBytes = (int) count;
    MemorySegment.copy(memory.readBuffer, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, memory.readCopy, 0,
        receivedBytes);
    return Received.BYTES;
  }

  void close(LoopMemory memory) {
    if (state == State.CLOSED) return;
    state = State.CLOSED;
    try {
      Posix.close(memory.errno, fd); // also removes it from the epoll set
    } catch (Throwable ignored) {
      // nothing left to do for a socket that cannot even be closed
    }
  }

  boolean responseStarted() {
    return reader.started();
  }

  /** A send system call failed with {@code errno}. */
  static final class SendFailed extends Exception {
    final int errno;

    SendFailed(int errno) {
      super("errno " + errno, null, false, false);
      this.errno = errno;
    }
  }

  private static final byte[] HEAD_END = RequestHead.headEnd();

  /**
   * Writes the whole request, head and body, to the start of {@code out} (at least {@link RequestHead#exactSize}
   * bytes): the request goes from the caller's body array to the socket's native buffer without another copy on the
   * heap.
   */
  static void writeRequest(RequestHead head, MemorySegment out, byte[] body) {
    byte[] prefix = head.prefix();
    MemorySegment.copy(prefix, 0, out, JAVA_BYTE, 0, prefix.length);
    int digits = RequestHead.decimalDigits(body.length);
    long at = prefix.length + digits;
    for (int value = body.length, i = 1; i <= digits; i++, value /= 10) {
      out.set(JAVA_BYTE, at - i, (byte) ('0' + value % 10));
    }
    MemorySegment.copy(HEAD_END, 0, out, JAVA_BYTE, at, HEAD_END.length);
    MemorySegment.copy(body, 0, out, JAVA_BYTE, at + HEAD_END.length, body.length);
  }
}
