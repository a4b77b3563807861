package io.inferenceperf.transport;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * The native memory one event loop works with, allocated once on its thread: the read buffer with its {@code iovec},
 * {@code msghdr} and control-message space, the epoll event array, a growing write buffer, the peer address and
 * small scratch values. Confined to the loop's thread; freed when the loop ends.
 */
final class LoopMemory implements AutoCloseable {
  static final int READ_BUFFER_BYTES = 64 * 1024;
  static final int CONTROL_BYTES = 256;
  static final int MAX_EVENTS = 256;

  private final Arena arena = Arena.ofConfined();
  final Posix.Errno errno = new Posix.Errno(arena);
  final MemorySegment readBuffer = arena.allocate(READ_BUFFER_BYTES, 64);
  final byte[] readCopy = new byte[READ_BUFFER_BYTES];
  final MemorySegment control = arena.allocate(CONTROL_BYTES, 8);
  final MemorySegment iovec = arena.allocate(16, 8);
  /** One byte of the read buffer: a peek at the first queued segment. */
  final MemorySegment peekIovec = arena.allocate(16, 8);
  final MemorySegment header = arena.allocate(Posix.MSGHDR_SIZE, 8);
  final MemorySegment events = arena.allocate(Posix.EPOLL_EVENT_SIZE * MAX_EVENTS, 8);
  final MemorySegment eventScratch = arena.allocate(16, 8);
  final MemorySegment timespec = arena.allocate(16, 8);
  final MemorySegment intScratch = arena.allocate(8, 8);
  final MemorySegment wakeCounter = arena.allocate(8, 8);
  final MemorySegment peer;
  final int peerLength;
  final int family;
  private MemorySegment writeBuffer = arena.allocate(16 * 1024, 64);

  LoopMemory(InetSocketAddress remote) {
    iovec.set(ADDRESS, 0, readBuffer);
    iovec.set(JAVA_LONG, 8, READ_BUFFER_BYTES);
    peekIovec.set(ADDRESS, 0, readBuffer);
    peekIovec.set(JAVA_LONG, 8, 1);
    byte[] ip = remote.getAddress().getAddress();
    int port = remote.getPort();
    if (remote.getAddress() instanceof Inet6Address) {
      family = Posix.AF_INET6;
      peerLength = 28;
      peer = arena.allocate(28, 8);
      peer.set(JAVA_BYTE, 0, (byte) Posix.AF_INET6); // sa_family_t is host-order (little-endian here)
      MemorySegment.copy(MemorySegment.ofArray(ip), 0, peer, 8, 16);
      peer.set(JAVA_INT, 24, ((Inet6Address) remote.getAddress()).getScopeId());
    } else if (remote.getAddress() instanceof Inet4Address) {
      family = Posix.AF_INET;
      peerLength = 16;
      peer = arena.allocate(16, 8);
      peer.set(JAVA_BYTE, 0, (byte) Posix.AF_INET);
      MemorySegment.copy(MemorySegment.ofArray(ip), 0, peer, 4, 4);
    } else {
      throw new IllegalArgumentException("unsupported address " + remote);
    }
    peer.set(JAVA_BYTE, 2, (byte) (port >>> 8)); // the port in network order
    peer.set(JAVA_BYTE, 3, (byte) port);
  }

  /** A native buffer of at least {@code size} bytes for a request's bytes (valid until the next call). */
  MemorySegment writeBuffer(long size) {
    if (writeBuffer.byteSize() < size) {
      writeBuffer = arena.allocate(Math.max(size, writeBuffer.byteSize() * 2), 64);
    }
    return writeBuffer;
  }

  /** Prepares the msghdr for one recvmsg into the read buffer, with room for control messages. */
  void prepareReceive() {
    prepareReceive(READ_BUFFER_BYTES);
  }

  /** The same, for at most {@code maxBytes}: a read that must stop at a known boundary. */
  void prepareReceive(int maxBytes) {
    iovec.set(JAVA_LONG, 8, Math.min(maxBytes, READ_BUFFER_BYTES));
    prepare(iovec);
  }

  /** Prepares the msghdr for a one-byte peek, with room for control messages. */
  void preparePeek() {
    prepare(peekIovec);
  }

  private void prepare(MemorySegment vector) {
    header.fill((byte) 0);
    header.set(ADDRESS, Posix.MSGHDR_IOV, vector);
    header.set(JAVA_LONG, Posix.MSGHDR_IOVLEN, 1);
    header.set(ADDRESS, Posix.MSGHDR_CONTROL, control);
    header.set(JAVA_LONG, Posix.MSGHDR_CONTROLLEN, CONTROL_BYTES);
  }

  /**
   * The software receive timestamp (CLOCK_REALTIME, nanoseconds since the epoch) among the control messages of the
   * last recvmsg, or -1 when the kernel gave none.
   */
  long receiveTimestamp() {
    return Posix.receiveTimestamp(header, control);
  }

  @Override
  public void close() {
    arena.close();
  }
}
