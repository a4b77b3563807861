package io.inferenceperf.transport;

import io.inferenceperf.record.Failure;
import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client with kernel receive timestamps: its own epoll event loops ({@link KernelLoop}) over non-blocking
 * sockets with {@code SO_TIMESTAMPING}, read with {@code recvmsg}, all through the Foreign Function and Memory API.
 * Every arrival time is the kernel's timestamp of the bytes (the last segment of each read), not the moment the
 * client got round to reading them: a client thread the machine held up for milliseconds still reports when the
 * token really arrived. The send time is the kernel's transmit timestamp of the request's last byte (on loopback taken
 * inside the send call, as the bytes are handed to the server's socket), or, when the kernel gives none, the moment
 * the send system call returned.
 *
 * <p>Plain HTTP on Linux only; {@link #unavailableReason} says why not elsewhere, and {@link Transport#open} then
 * falls back to the Netty transport. Requests handed over early wait on their loop's timer, as with Netty.
 */
public final class KernelTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(KernelTransport.class);
  private static volatile String probed;

  private final TransportOptions options;
  private final ServerAddress address;
  private final KernelLoop[] loops;
  private final AtomicLong nextLoop = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Bumped by each abortInFlight: a held request created before it is ended when its time comes. */
  private final AtomicLong abortEpoch = new AtomicLong();
  private volatile Failure abortFailure;
  private volatile RequestHead lastHead;
  private final IoPriority.Outcome priority;

  public KernelTransport(TransportOptions options) {
    this.options = options;
    this.address = ServerAddress.parse(options.baseUrl());
    InetSocketAddress remote = new InetSocketAddress(address.host(), address.port());
    if (remote.isUnresolved()) {
      throw new IllegalArgumentException("server.base_url host '" + address.host() + "' cannot be resolved");
    }
    this.loops = new KernelLoop[options.numEventLoops()];
    for (int i = 0; i < loops.length; i++) {
      loops[i] = new KernelLoop(this, options, remote, "inference-perf-io-" + i);
    }
    this.priority = IoPriority.combine(java.util.Arrays.stream(loops).map(KernelLoop::priorityRefusal).toList());
    if (options.ioPriority().refuses(priority)) {
      close();
      throw IoPriority.realtimeRefused(priority);
    }
  }

  @Override
  public IoPriority.Outcome ioPriority() {
    return priority;
  }

  /**
   * Why kernel receive timestamps cannot be used for {@code address} on this machine, or null when they can (Linux
   * on x86_64 or aarch64, a plain-HTTP server, and the kernel accepting SO_TIMESTAMPING on a socket).
   */
  static String unavailableReason(ServerAddress address) {
    if (address.tls()) return "the server is https (the TLS library reads the socket itself)";
    if (!Posix.SUPPORTED) {
      return "this is not Linux on x86_64 or aarch64 (" + System.getProperty("os.name") + " "
          + System.getProperty("os.arch") + ")";
    }
    String result = probed;
    if (result == null) {
      result = probe();
      probed = result;
    }
    return result.isEmpty() ? null : result;
  }

  /** The socket that keeps the kernel's receive timestamping on (see {@link #probe()}); -1 before the probe. */
  private static volatile int switchHolder = -1;

  /**
   * Opens a socket and asks for timestamps: "" when that works, else why not. A socket that got them stays open for
   * the life of the process: the kernel stamps arriving packets only while some socket wants receive timestamps, and
   * switches that on and off in deferred work, so a switch that flipped back off when the last connection closed
   * would leave the first segments of the next connection unstamped.
   */
  private static String probe() {
    try (Arena arena = Arena.ofConfined()) {
      Posix.Errno errno = new Posix.Errno(arena);
      int fd = Posix.socket(errno, Posix.AF_INET);
      if (fd < 0) return "a test socket could not be created (errno " + errno.get() + ")";
      int result = Posix.setIntOption(errno, fd, Posix.SOL_SOCKET, Posix.SO_TIMESTAMPING, arena.allocate(8, 8),
          Posix.TIMESTAMPING_FLAGS);
      int error = errno.get();
      if (result < 0) {
        Posix.close(errno, fd);
        return "the kernel refused SO_TIMESTAMPING (errno " + error + ")";
      }
      switchHolder = fd; // never closed (close-on-exec)
      return "";
    } catch (Throwable e) {
      LOG.debug("kernel timestamp probe failed", e);
      return "the foreign function calls failed (" + e + "); is native access enabled (--enable-native-access)?";
    }
  }

  @Override
  public void send(String path, Map<String, String> headers, byte[] body, long writeAtNanos,
      ExchangeListener listener) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(listener, "listener");
    KernelExchange exchange = new KernelExchange(listener, head(path, headers), body, writeAtNanos,
        abortEpoch.get());
    inFlight.incrementAndGet();
    if (closed.get()) {
      listener.onAbort(Failure.of(Failure.Kind.OTHER, "the request was sent after the transport was closed"),
          System.nanoTime());
      exchange.completed = true;
      completed(exchange);
      return;
    }
    loops[(int) Math.floorMod(nextLoop.getAndIncrement(), (long) loops.length)].submit(exchange);
  }

  @Override
  public long sendAheadNanos() {
    return options.sendAheadNanos();
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void dropWaiting(Failure failure) {
    onEveryLoop(loop -> loop.dropWaiting(failure));
  }

  @Override
  public void abortInFlight(Failure failure) {
    abortFailure = failure; // written before the epoch moves, so a held request that sees the new epoch sees it too
    abortEpoch.incrementAndGet();
    onEveryLoop(loop -> loop.abortAll(failure));
  }

  @Override
  public ArrivalClock arrivalClock() {
    return ArrivalClock.KERNEL;
  }

  /** Aborts what is in flight (INTERRUPTED), closes every connection and stops the loops. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    abortInFlight(Failure.of(Failure.Kind.INTERRUPTED, "the transport was closed while the request was in flight"));
    for (KernelLoop loop : loops) loop.stop();
  }

  /** The failure for a held request created before the latest abort, or null when it may go ahead. */
  Failure abortedBeforeStart(KernelExchange exchange) {
    return exchange.epoch == abortEpoch.get() ? null : abortFailure;
  }

  /** An exchange is over: its listener hears so, once. */
  void completed(KernelExchange exchange) {
    try {
      exchange.listener.onComplete();
    } catch (Throwable listenerFailed) {
      LOG.error("exchange listener failed on completion", listenerFailed);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Runs {@code action} on every loop, without waiting (tests use it to hold a loop up as a machine stall would). */
  void executeOnLoops(Runnable action) {
    for (KernelLoop loop : loops) loop.execute(action);
  }

  /** For tests: how many times the loops peeked at a socket's queue to learn how long its bytes waited. */
  long queuePeeks() {
    long sum = 0;
    for (KernelLoop loop : loops) sum += loop.queuePeeks();
    return sum;
  }

  /** Per-loop counts for tests: {active, waiting, open connections}. */
  int[][] loopStats() {
    int[][] stats = new int[loops.length][];
    for (int i = 0; i < loops.length; i++) stats[i] = loops[i].stats();
    return stats;
  }

  private void onEveryLoop(Consumer<KernelLoop> action) {
    for (KernelLoop loop : loops) loop.runAndWait(action);
  }

  private RequestHead head(String path, Map<String, String> headers) {
    RequestHead head = lastHead;
    if (head == null || !head.matches(path, headers)) {
      head = new RequestHead(address, path, headers);
      lastHead = head;
    }
    return head;
  }
}
