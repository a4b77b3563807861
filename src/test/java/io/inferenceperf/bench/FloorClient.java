package io.inferenceperf.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * The floor of issue 20: what a bare client needs to send the harness's requests and read their streams, doing
 * nothing else. One selector thread, non-blocking sockets, keep-alive; each request is due at i / rate (open loop)
 * and written then on an idle connection (or a new one); its response is read until the chunked terminator
 * ({@code 0\r\n\r\n}), with no parsing and no timestamps. Run as its own process by the harness's {@code floor} mode,
 * beside the tool, so that the tool's CPU per request can be given as a ratio to this.
 *
 * <p>{@code java ... FloorClient HOST PORT RATE WARMUP_SECONDS SECONDS}: prints one line,
 * {@code floor requests=N cpu_seconds=S us_per_request=U lost=L latency_p50_ms=M}, counting only the measured window
 * (after the warm-up, until its last response). The latency (write to the read that found the terminator, two clock
 * reads per request) is there to tell whether the server kept its schedule: a server that falls behind sends its
 * events in bursts, which makes every client cheaper per request, so such a run's CPU says little about the client. A connection the server resets or closes is dropped: a request it carried counts
 * as lost (not completed, not retried), and the next request opens a new connection, so a long run survives the
 * server's resets instead of dying on the first one.
 */
public final class FloorClient {
  private static final byte[] TERMINATOR = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final InetSocketAddress server;
  private final byte[] request;
  private final Selector selector;
  private final ArrayDeque<SocketChannel> idle = new ArrayDeque<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private long completed;
  private long lost;
  private long[] latencies = new long[1024];
  private int latencyCount;

  /** A connection's state: the request waiting to be written, and the tail of what it read. */
  private static final class Conn {
    ByteBuffer toWrite;
    final byte[] tail = new byte[TERMINATOR.length];
    int tailLength;
    boolean busy;
    long sentNanos;
  }

  FloorClient(String host, int port) throws IOException {
    server = new InetSocketAddress(host, port);
    selector = Selector.open();
    String body = "{\"model\":\"simulated-model\",\"prompt\":\"" + "word ".repeat(PerfHarness.INPUT_TOKENS).strip()
        + "\",\"max_tokens\":" + PerfHarness.OUTPUT_TOKENS + ",\"stream\":true,\"ignore_eos\":true,"
        + "\"stream_options\":{\"include_usage\":true}}";
    request = ("POST /v1/completions HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    FloorClient client = new FloorClient(args[0], Integer.parseInt(args[1]));
    double rate = Double.parseDouble(args[2]);
    client.run(rate, Double.parseDouble(args[3]));
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long before = client.completed;
    long lostBefore = client.lost;
    client.latencyCount = 0;
    client.run(rate, Double.parseDouble(args[4]));
    double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
    long requests = client.completed - before;
    System.out.printf(Locale.ROOT,
        "floor requests=%d cpu_seconds=%.3f us_per_request=%.1f lost=%d latency_p50_ms=%.1f%n", requests, cpu, cpu * 1e6 / requests, client.lost - lostBefore, client.medianLatencyNanos() / 1e6);
  }

  /** The median of the latencies recorded since the count was last reset (0 when none). */
  long medianLatencyNanos() {
    if (latencyCount == 0) return 0;
    long[] sorted = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(sorted);
    return sorted[latencyCount / 2];
  }

  /** Sends {@code rate} x {@code seconds} requests at their times and returns once every response has ended. */
  void run(double rate, double seconds) throws IOException {
    long count = (long) Math.floor(rate * seconds);
    long start = System.nanoTime();
    long due = 0;
    long sent = 0;
    long target = completed + lost + count;
    while (completed + lost < target) {
      long now = System.nanoTime();
      while (sent < count && (due = start + Math.round(sent * 1e9 / rate)) <= now) {
        send();
        sent++;
      }
      long waitNanos = sent < count ? due - System.nanoTime() : 100_000_000L;
      if (waitNanos > 0) {
        selector.select(Math.max(1, waitNanos / 1_000_000));
      } else {
        selector.selectNow();
      }
      handleReady();
    }
  }

  private void send() throws IOException {
    SocketChannel channel = idle.pollLast();
    while (channel != null && !channel.isOpen()) channel = idle.pollLast();
    if (channel == null) {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.connect(server);
      Conn conn = new Conn();
      conn.busy = true;
      conn.sentNanos = System.nanoTime();
      conn.toWrite = ByteBuffer.wrap(request);
      channel.register(selector, SelectionKey.OP_CONNECT, conn);
      return;
    }
    SelectionKey key = channel.keyFor(selector);
    Conn conn = (Conn) key.attachment();
    conn.busy = true;
    conn.sentNanos = System.nanoTime();
    conn.tailLength = 0;
    conn.toWrite = ByteBuffer.wrap(request);
    try {
      write(key, conn);
    } catch (IOException reset) {
      drop(key, conn);
    }
  }

  private void handleReady() throws IOException {
    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
    while (keys.hasNext()) {
      SelectionKey key = keys.next();
      keys.remove();
      Conn conn = (Conn) key.attachment();
      SocketChannel channel = (SocketChannel) key.channel();
      try {
        if (key.isConnectable()) {
          channel.finishConnect();
          key.interestOps(SelectionKey.OP_READ);
          write(key, conn);
          continue;
        }
        if (key.isWritable()) write(key, conn);
        if (key.isReadable()) read(key, conn, channel);
      } catch (IOException reset) {
        drop(key, conn);
      }
    }
  }

  /** Closes a connection the server reset or closed; the request it carried, if any, is lost. */
  private void drop(SelectionKey key, Conn conn) throws IOException {
    if (conn.busy) {
      conn.busy = false;
      lost++;
    }
    key.cancel();
    key.channel().close();
  }

  private static void write(SelectionKey key, Conn conn) throws IOException {
    ((SocketChannel) key.channel()).write(conn.toWrite);
    key.interestOps(conn.toWrite.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
  }

  private void read(SelectionKey key, Conn conn, SocketChannel channel) throws IOException {
    while (true) {
      readBuffer.clear();
      int n = channel.read(readBuffer);
      if (n <= 0) {
        if (n < 0) drop(key, conn);
        return;
      }
      readBuffer.flip();
      remember(conn, readBuffer);
      if (conn.busy && endsWithTerminator(conn)) {
        conn.busy = false;
        completed++;
        if (latencyCount == latencies.length) latencies = Arrays.copyOf(latencies, latencyCount * 2);
        latencies[latencyCount++] = System.nanoTime() - conn.sentNanos;
        idle.addLast(channel);
      }
    }
  }

  /** Keeps the last bytes read, enough to see the terminator even when it is split across reads. */
  private static void remember(Conn conn, ByteBuffer bytes) {
    int length = bytes.remaining();
    int take = Math.min(length, TERMINATOR.length);
    int keep = Math.min(conn.tailLength, TERMINATOR.length - take);
    System.arraycopy(conn.tail, conn.tailLength - keep, conn.tail, 0, keep);
    bytes.position(bytes.limit() - take);
    bytes.get(conn.tail, keep, take);
    conn.tailLength = keep + take;
  }

  private static boolean endsWithTerminator(Conn conn) {
    if (conn.tailLength < TERMINATOR.length) return false;
    for (int i = 0; i < TERMINATOR.length; i++) {
      if (conn.tail[conn.tailLength - TERMINATOR.length + i] != TERMINATOR[i]) return false;
    }
    return true;
  }
}
