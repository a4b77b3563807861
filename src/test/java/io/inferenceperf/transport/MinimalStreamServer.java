package io.inferenceperf.transport;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * The floor harness's second server (issue 20): streams {@code tokens} SSE completion events per request, the i-th
 * due at (request read + ttft + i x itl), each written in its own send (one TCP segment), then a usage event,
 * {@code [DONE]} and the chunked terminator. One thread, one epoll set, non-blocking sockets, a queue of streams
 * ordered by their next event's time and an exact (nanosecond) epoll timeout: it never spins and needs no thread
 * per connection, so it keeps its schedule at thousands of requests a second on two cores, where a thread per
 * connection (the accuracy test's {@link StampedStreamServer}, built to measure, not to scale) falls behind and
 * sends its events in bursts, which changes what every client costs.
 *
 * <p>{@code java ... MinimalStreamServer TTFT_MS ITL_MS TOKENS}: listens on 127.0.0.1, prints {@code port N}, serves
 * until its standard input ends.
 */
public final class MinimalStreamServer implements AutoCloseable {
  private static final int MAX_EVENTS = 256;
  private static final int READ_BYTES = 64 * 1024;
  /** A request head and body larger than this is not one of the harness's: the connection is closed. */
  private static final int MAX_REQUEST_BYTES = 1024 * 1024;

  private final long ttftNanos;
  private final long itlNanos;
  private final int tokens;
  private final Arena arena = Arena.ofShared();
  private final Posix.Errno errno = new Posix.Errno(arena);
  private final MemorySegment readBuffer = arena.allocate(READ_BYTES, 64);
  private final MemorySegment writeBuffer = arena.allocate(READ_BYTES, 64);
  private final MemorySegment events = arena.allocate(Posix.EPOLL_EVENT_SIZE * MAX_EVENTS, 8);
  private final MemorySegment scratch = arena.allocate(32, 8);
  private final MemorySegment timespec = arena.allocate(16, 8);
  private final byte[] event;
  private final byte[] tail;
  private final PriorityQueue<Stream> due = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
  private Conn[] byFd = new Conn[1024];
  private final int listenFd;
  private final int epollFd;
  private final int port;
  private volatile boolean stopping;
  private final Thread thread;

  /** One accepted connection: what it has sent of its current request, and what waits to be written. */
  private static final class Conn {
    final int fd;
    byte[] request = new byte[1024];
    int requestLength;
    byte[] unsent = new byte[0];
    int unsentLength;
    boolean watchingWritable;
    boolean streaming;

    Conn(int fd) {
      this.fd = fd;
    }
  }

  /** A response in progress: its connection, when its next event is due, and which event that is. */
  private static final class Stream {
    final Conn conn;
    final long startNanos;
    long dueNanos;
    int next;

    Stream(Conn conn, long startNanos, long dueNanos) {
      this.conn = conn;
      this.startNanos = startNanos;
      this.dueNanos = dueNanos;
    }
  }

  MinimalStreamServer(long ttftNanos, long itlNanos, int tokens) throws Throwable {
    this.ttftNanos = ttftNanos;
    this.itlNanos = itlNanos;
    this.tokens = tokens;
    this.event = ScheduledStreamBytes.tokenEvent();
    this.tail = ScheduledStreamBytes.tail(tokens);
    listenFd = Posix.socket(errno, Posix.AF_INET);
    Posix.setIntOption(errno, listenFd, Posix.SOL_SOCKET, Posix.SO_REUSEADDR, scratch, 1);
    MemorySegment address = arena.allocate(16, 8);
    address.set(JAVA_BYTE, 0, (byte) Posix.AF_INET);
    address.set(JAVA_BYTE, 4, (byte) 127);
    address.set(JAVA_BYTE, 7, (byte) 1);
    if (listenFd < 0 || Posix.bind(errno, listenFd, address, 16) < 0 || Posix.listen(errno, listenFd, 4096) < 0) {
      throw new IOException("cannot listen on 127.0.0.1: errno " + errno.get());
    }
    port = Posix.localPort(errno, listenFd, scratch);
    epollFd = Posix.epollCreate(errno);
    Posix.epollControl(errno, epollFd, Posix.EPOLL_CTL_ADD, listenFd, Posix.EPOLLIN, scratch);
    thread = new Thread(this::serve, "minimal-stream-server");
    thread.setDaemon(true);
    thread.start();
  }

  public static void main(String[] args) throws Throwable {
    try (MinimalStreamServer server = new MinimalStreamServer(Long.parseLong(args[0]) * 1_000_000,
        Long.parseLong(args[1]) * 1_000_000, Integer.parseInt(args[2]))) {
      System.out.println("port " + server.port());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // serves until the harness closes our standard input (or ends the process)
      }
    }
    System.exit(0);
  }

  int port() {
    return port;
  }

  private void serve() {
    try {
      while (!stopping) {
        long now = System.nanoTime();
        writeDueEvents(now);
        Stream next = due.peek();
        // A bounded wait, so that close() is noticed; otherwise exactly until the next event is due.
        long timeout = next == null ? 100_000_000L : Math.max(0, next.dueNanos - System.nanoTime());
        int ready = Posix.epollWait(errno, epollFd, events, MAX_EVENTS, Math.min(timeout, 100_000_000L), timespec);
        for (int i = 0; i < ready; i++) {
          int fd = Posix.eventFd(events, i);
          if (fd == listenFd) acceptAll();
          else onReady(fd, Posix.eventBits(events, i));
        }
      }
    } catch (Throwable e) {
      if (!stopping) e.printStackTrace();
    }
  }

  private void writeDueEvents(long now) throws Throwable {
    Stream stream;
    while ((stream = due.peek()) != null && stream.dueNanos <= now) {
      due.poll();
      if (byFd[stream.conn.fd] != stream.conn) continue; // its connection was closed
      send(stream.conn, event, event.length);
      stream.next++;
      if (stream.next < tokens) {
        stream.dueNanos = stream.startNanos + ttftNanos + stream.next * itlNanos;
        due.add(stream);
      } else {
        send(stream.conn, tail, tail.length);
        stream.conn.streaming = false;
        takeRequest(stream.conn, System.nanoTime()); // a request that came early starts now
      }
    }
  }

  private void acceptAll() throws Throwable {
    while (true) {
      int fd = Posix.acceptNonBlocking(errno, listenFd);
      if (fd < 0) return; // EAGAIN: the listening socket is non-blocking
      Posix.setIntOption(errno, fd, Posix.IPPROTO_TCP, Posix.TCP_NODELAY, scratch, 1);
      if (fd >= byFd.length) byFd = Arrays.copyOf(byFd, Math.max(fd + 1, byFd.length * 2));
      Conn conn = new Conn(fd);
      byFd[fd] = conn;
      Posix.epollControl(errno, epollFd, Posix.EPOLL_CTL_ADD, fd, Posix.EPOLLIN | Posix.EPOLLRDHUP, scratch);
    }
  }

  private void onReady(int fd, int bits) throws Throwable {
    Conn conn = fd < byFd.length ? byFd[fd] : null;
    if (conn == null) return;
    if (conn.unsentLength > 0) flush(conn);
    if ((bits & ~Posix.EPOLLOUT) == 0 || byFd[fd] != conn) return;
    while (true) {
      long count = Posix.read(errno, fd, readBuffer, READ_BYTES);
      if (count < 0 && (errno.get() == Posix.EAGAIN || errno.get() == Posix.EINTR)) break;
      if (count <= 0) {
        close(conn);
        return;
      }
      int length = (int) count;
      if (conn.requestLength + length > MAX_REQUEST_BYTES) {
        close(conn);
        return;
      }
      if (conn.requestLength + length > conn.request.length) {
        conn.request = Arrays.copyOf(conn.request, Math.max(conn.requestLength + length, conn.request.length * 2));
      }
      MemorySegment.copy(readBuffer, JAVA_BYTE, 0, conn.request, conn.requestLength, length);
      conn.requestLength += length;
      if (length < READ_BYTES) break;
    }
    if (!conn.streaming) takeRequest(conn, System.nanoTime());
  }

  /** Starts the response to the connection's first whole request, if one has arrived. */
  private void takeRequest(Conn conn, long receivedNanos) throws Throwable {
    if (byFd[conn.fd] != conn) return;
    int end = requestEnd(conn.request, conn.requestLength);
    if (end < 0) return;
    System.arraycopy(conn.request, end, conn.request, 0, conn.requestLength - end);
    conn.requestLength -= end;
    conn.streaming = true;
    send(conn, ScheduledStreamBytes.HEAD, ScheduledStreamBytes.HEAD.length);
    due.add(new Stream(conn, receivedNanos, receivedNanos + ttftNanos));
  }

  /** Where the first whole request ends (head, blank line, Content-Length bytes), or -1 when it is not all here. */
  static int requestEnd(byte[] bytes, int length) {
    for (int i = 3; i < length; i++) {
      if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
        int total = i + 1 + ScheduledStreamBytes.contentLength(new String(bytes, 0, i - 3, StandardCharsets.ISO_8859_1));
        return total <= length ? total : -1;
      }
    }
    return -1;
  }

  /** Writes what the socket takes; the rest waits in the connection (a slow reader) and goes first next time. */
  private void send(Conn conn, byte[] bytes, int length) throws Throwable {
    if (conn.unsentLength > 0) {
      queue(conn, bytes, 0, length);
      flush(conn);
      return;
    }
    MemorySegment.copy(bytes, 0, writeBuffer, JAVA_BYTE, 0, length);
    long sent = Posix.send(errno, conn.fd, writeBuffer, length);
    if (sent < 0 && errno.get() != Posix.EAGAIN && errno.get() != Posix.EINTR) {
      close(conn);
      return;
    }
    int written = (int) Math.max(0, sent);
    if (written < length) queue(conn, bytes, written, length - written);
  }

  private void flush(Conn conn) throws Throwable {
    MemorySegment.copy(conn.unsent, 0, writeBuffer, JAVA_BYTE, 0, Math.min(conn.unsentLength, READ_BYTES));
    long sent = Posix.send(errno, conn.fd, writeBuffer, Math.min(conn.unsentLength, READ_BYTES));
    if (sent < 0 && errno.get() != Posix.EAGAIN && errno.get() != Posix.EINTR) {
      close(conn);
      return;
    }
    int written = (int) Math.max(0, sent);
    System.arraycopy(conn.unsent, written, conn.unsent, 0, conn.unsentLength - written);
    conn.unsentLength -= written;
    if (conn.unsentLength == 0) watchWritable(conn, false);
  }

  /** Asks epoll to report the socket writable while bytes wait in {@link Conn#unsent}, and stops asking after. */
  private void watchWritable(Conn conn, boolean on) throws Throwable {
    if (conn.watchingWritable == on) return;
    conn.watchingWritable = on;
    Posix.epollControl(errno, epollFd, Posix.EPOLL_CTL_MOD, conn.fd,
        Posix.EPOLLIN | Posix.EPOLLRDHUP | (on ? Posix.EPOLLOUT : 0), scratch);
  }

  private void queue(Conn conn, byte[] bytes, int from, int length) throws Throwable {
    watchWritable(conn, true);
    if (conn.unsentLength + length > conn.unsent.length) {
      conn.unsent = Arrays.copyOf(conn.unsent, Math.max(conn.unsentLength + length, conn.unsent.length * 2 + 256));
    }
    System.arraycopy(bytes, from, conn.unsent, conn.unsentLength, length);
    conn.unsentLength += length;
  }

  private void close(Conn conn) throws Throwable {
    if (byFd[conn.fd] != conn) return;
    byFd[conn.fd] = null;
    Posix.close(errno, conn.fd); // also leaves the epoll set; its queued stream is skipped when due
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.join(5_000);
    if (!thread.isAlive()) arena.close();
  }
}
