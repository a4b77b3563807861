package io.inferenceperf.transport;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A streaming completion server with a known schedule and a truth taken from the kernel, for measuring the client's
 * accuracy: for each request it answers with {@code tokens} SSE events, the i-th due at (request arrival + ttft + i
 * x itl), one TCP segment each, and records the kernel's receive timestamp of the request and the kernel's transmit
 * timestamp of every event. The truth is then what the wire saw, whatever this process's threads were doing:
 * TTFT = first event transmitted - request received, ITL = gaps between transmissions. Runs in its own process (the
 * accuracy test starts it) so that it does not share the client's JVM.
 *
 * <p>{@code main(port-file-free)}: prints {@code port N} on standard output, then reads commands from standard input:
 * {@code reset} forgets the truth so far, {@code dump FILE} writes it (a line per request: the receive time, then each
 * event's transmit time, monotonic nanoseconds), {@code quit} ends.
 */
public final class StampedStreamServer {

  private final long ttftNanos;
  private final long itlNanos;
  private final int tokens;
  private final ConcurrentLinkedQueue<long[]> truth = new ConcurrentLinkedQueue<>();

  StampedStreamServer(long ttftNanos, long itlNanos, int tokens) {
    this.ttftNanos = ttftNanos;
    this.itlNanos = itlNanos;
    this.tokens = tokens;
  }

  public static void main(String[] args) throws Throwable {
    StampedStreamServer server = new StampedStreamServer(Long.parseLong(args[0]) * 1_000_000,
        Long.parseLong(args[1]) * 1_000_000, Integer.parseInt(args[2]));
    int port = server.listen();
    System.out.println("port " + port);
    System.out.flush();
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = commands.readLine()) != null; ) {
      if (line.equals("reset")) server.truth.clear();
      else if (line.startsWith("dump ")) server.dump(Path.of(line.substring(5)));
      else if (line.equals("quit")) break;
      System.out.println("ok");
      System.out.flush();
    }
    System.exit(0);
  }

  private int listen() throws Throwable {
    Arena arena = Arena.global();
    Posix.Errno errno = new Posix.Errno(arena);
    int fd = Posix.blockingSocket(errno, Posix.AF_INET);
    MemorySegment scratch = arena.allocate(32, 8);
    Posix.setIntOption(errno, fd, Posix.SOL_SOCKET, Posix.SO_REUSEADDR, scratch, 1);
    MemorySegment address = arena.allocate(16, 8);
    address.set(JAVA_BYTE, 0, (byte) Posix.AF_INET);
    address.set(JAVA_BYTE, 4, (byte) 127);
    address.set(JAVA_BYTE, 7, (byte) 1);
    if (Posix.bind(errno, fd, address, 16) < 0 || Posix.listen(errno, fd, 1024) < 0) {
      throw new IOException("cannot listen on 127.0.0.1: errno " + errno.get());
    }
    int port = Posix.localPort(errno, fd, scratch);
    Thread acceptor = new Thread(() -> acceptLoop(fd), "accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return port;
  }

  private void acceptLoop(int listenFd) {
    try (Arena arena = Arena.ofConfined()) {
      Posix.Errno errno = new Posix.Errno(arena);
      while (true) {
        int connection = Posix.accept(errno, listenFd);
        if (connection < 0) continue;
        Thread serving = new Thread(() -> serve(connection), "conn-" + connection);
        serving.setDaemon(true);
        serving.start();
      }
    } catch (Throwable e) {
      e.printStackTrace();
    }
  }

  /** One connection: request after request (keep-alive), each answered on its schedule. */
  private void serve(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      Posix.Errno errno = new Posix.Errno(arena);
      LoopMemoryLike memory = new LoopMemoryLike(arena);
      RealtimeMapping mapping = new RealtimeMapping();
      mapping.refresh();
      Posix.setIntOption(errno, fd, Posix.IPPROTO_TCP, Posix.TCP_NODELAY, memory.scratch, 1);
      Posix.setIntOption(errno, fd, Posix.SOL_SOCKET, Posix.SO_TIMESTAMPING, memory.scratch,
          Posix.TIMESTAMPING_FLAGS);
      StringBuilder pending = new StringBuilder();
      while (true) {
        long receivedNanos = readRequest(errno, fd, memory, mapping, pending);
        if (receivedNanos < 0) break;
        if (!respond(errno, fd, memory, mapping, receivedNanos)) break;
        mapping.refreshIfDue(System.nanoTime());
      }
      Posix.close(errno, fd);
    } catch (Throwable e) {
      e.printStackTrace();
    }
  }

  /** Reads one whole request; returns the kernel's receive time of its last segment, or -1 at the end. */
  private long readRequest(Posix.Errno errno, int fd, LoopMemoryLike memory, RealtimeMapping mapping,
      StringBuilder pending) throws Throwable {
    long received = -1;
    while (true) {
      int end = pending.indexOf("\r\n\r\n");
      if (end >= 0) {
        int length = ScheduledStreamBytes.contentLength(pending.substring(0, end));
        if (pending.length() >= end + 4 + length) {
          pending.delete(0, end + 4 + length);
          return received >= 0 ? received : System.nanoTime();
        }
      }
      memory.prepareReceive();
      long count = Posix.recvmsgBlocking(errno, fd, memory.header);
      if (count <= 0) return -1;
      long stamp = memory.receiveTimestamp();
      received = stamp >= 0 ? mapping.toMonotonic(stamp) : System.nanoTime();
      pending.append(new String(memory.buffer.asSlice(0, count).toArray(JAVA_BYTE), StandardCharsets.ISO_8859_1));
    }
  }

  private boolean respond(Posix.Errno errno, int fd, LoopMemoryLike memory, RealtimeMapping mapping,
      long receivedNanos) throws Throwable {
    long[] record = new long[1 + tokens];
    record[0] = receivedNanos;
    if (!send(errno, fd, memory, ScheduledStreamBytes.HEAD)) return false;
    takeTransmit(errno, fd, memory, mapping);
    byte[] event = ScheduledStreamBytes.tokenEvent();
    for (int i = 0; i < tokens; i++) {
      waitUntil(receivedNanos + ttftNanos + i * itlNanos);
      if (!send(errno, fd, memory, event)) return false;
      long transmitted = takeTransmit(errno, fd, memory, mapping);
      record[1 + i] = transmitted >= 0 ? transmitted : System.nanoTime();
    }
    byte[] tail = ScheduledStreamBytes.tail(tokens);
    if (!send(errno, fd, memory, tail)) return false;
    takeTransmit(errno, fd, memory, mapping);
    truth.add(record);
    return true;
  }

  private static boolean send(Posix.Errno errno, int fd, LoopMemoryLike memory, byte[] bytes) throws Throwable {
    MemorySegment.copy(bytes, 0, memory.out, JAVA_BYTE, 0, bytes.length);
    return Posix.sendBlocking(errno, fd, memory.out, bytes.length) == bytes.length;
  }

  /** The transmit timestamp of the last send (loopback transmits inside the send call), or -1. */
  private static long takeTransmit(Posix.Errno errno, int fd, LoopMemoryLike memory, RealtimeMapping mapping)
      throws Throwable {
    long latest = -1;
    while (true) {
      memory.prepareReceive();
      if (Posix.recvErrorQueue(errno, fd, memory.header) < 0) return latest;
      long stamp = memory.receiveTimestamp();
      if (stamp >= 0) latest = mapping.toMonotonic(stamp);
    }
  }

  private static void waitUntil(long dueNanos) {
    long left;
    while ((left = dueNanos - System.nanoTime()) > 200_000) LockSupport.parkNanos(left - 150_000);
    while (dueNanos - System.nanoTime() > 0) Thread.onSpinWait();
  }

  private void dump(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (long[] record : truth) {
      StringBuilder line = new StringBuilder();
      for (long value : record) line.append(value).append(' ');
      lines.add(line.toString().strip());
    }
    Files.write(file, lines);
  }

  /** A connection thread's native buffers: receive buffer with msghdr and control space, a send buffer. */
  private static final class LoopMemoryLike {
    final MemorySegment buffer;
    final MemorySegment out;
    final MemorySegment control;
    final MemorySegment iovec;
    final MemorySegment header;
    final MemorySegment scratch;

    LoopMemoryLike(Arena arena) {
      buffer = arena.allocate(64 * 1024, 64);
      out = arena.allocate(64 * 1024, 64);
      control = arena.allocate(256, 8);
      iovec = arena.allocate(16, 8);
      header = arena.allocate(Posix.MSGHDR_SIZE, 8);
      scratch = arena.allocate(32, 8);
      iovec.set(ADDRESS, 0, buffer);
      iovec.set(JAVA_LONG, 8, buffer.byteSize());
    }

    void prepareReceive() {
      header.fill((byte) 0);
      header.set(ADDRESS, Posix.MSGHDR_IOV, iovec);
      header.set(JAVA_LONG, Posix.MSGHDR_IOVLEN, 1);
      header.set(ADDRESS, Posix.MSGHDR_CONTROL, control);
      header.set(JAVA_LONG, Posix.MSGHDR_CONTROLLEN, 256);
    }

    long receiveTimestamp() {
      return Posix.receiveTimestamp(header, control);
    }
  }
}
