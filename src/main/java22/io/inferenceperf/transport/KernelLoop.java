package io.inferenceperf.transport;

import io.inferenceperf.record.Failure;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread of the {@link KernelTransport}: an epoll loop over its own connections, the requests held for their
 * write time, and the timeouts. Requests arrive through a lock-free queue; the thread is woken (through an eventfd)
 * only when it sleeps and a new request is due before it would wake anyway.
 *
 * <p>Dispatch is {@link LoopPool}'s: the most recently used idle connection, else a new one while under the
 * connection limit, else FIFO waiting; also waiting while the in-flight cap is reached. Failures as there: a
 * connection that saw an error, a timeout or a malformed response is closed and never reused; nothing is retried.
 */
final class KernelLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(KernelLoop.class);
  private static final long MIN_TIMER_NANOS = 20_000L;

  private record Held(long dueNanos, long order, KernelExchange exchange) {}

  private final KernelTransport transport;
  private final TransportOptions options;
  private final InetSocketAddress remote;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Object> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Held> held = new PriorityQueue<>(
      (a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.order, b.order));
  private final ArrayDeque<KernelExchange> waiting = new ArrayDeque<>();
  private final ArrayDeque<KernelConnection> idle = new ArrayDeque<>();
  private final ArrayList<KernelConnection> connections = new ArrayList<>();
  private final RealtimeMapping mapping = new RealtimeMapping();
  private final long sweepPeriodNanos;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private KernelConnection[] byFd = new KernelConnection[1024];
  private LoopMemory memory;
  private int epollFd = -1;
  private volatile int wakeFd = -1;
  private long heldOrder;
  private int active;
  private long nextSweepNanos;
  private volatile boolean sleeping;
  private volatile long plannedWakeNanos = Long.MAX_VALUE;
  private volatile boolean stopping;
  /** Why this thread does not run real-time, or null when it does ({@link IoPriority}); set before the start. */
  private volatile String priorityRefusal;
  /**
   * Whether bytes may have waited more than {@code lateReadNanos} in this round: then segments of one response may
   * have queued up, and each read first peeks at the first queued segment's time so that every event keeps its own
   * arrival time. Set at the start of a round when the loop's previous poll of its sockets began longer ago than that
   * (everything queued now arrived after it, so nothing can have waited longer: a loop that polls often never pays
   * the peek), and during a round once a read shows it was late.
   */
  private boolean lateRound;
  /**
   * When the last complete poll began: a socket it did not report had no bytes then, and one it reported was read
   * empty in that round; so whatever is read later arrived after this time.
   */
  private long pollBoundNanos;
  /** {@link #pollBoundNanos} as it was before this round's poll: the bytes read in this round arrived after it. */
  private long roundBoundNanos;
  /**
   * Whether this round's poll slept before sockets became ready (it took at least {@link #SLEPT_IN_POLL_NANOS}): then
   * nothing was ready when it began, and {@link #earliestReadyWait} can tell from one socket whether any bytes waited.
   */
  private boolean pollSlept;
  /**
   * A poll that took this long slept: a poll that finds sockets ready returns in microseconds (the I/O threads run
   * real-time, so they are rarely held up between taking the time and entering the call; when one is, a read that shows
   * its bytes waited still makes the round late, and events that shared a read are recorded as uncertain).
   */
  static final long SLEPT_IN_POLL_NANOS = 200_000;
  /** Whether the last round had events: a busy loop reads on its tick instead of at every arrival. */
  private boolean busyRound;
  /** How many times this loop peeked at a socket's queue (a system call each): tests check it stays rare. */
  private long queuePeeks;
  private volatile boolean parked;
  private final long readTickNanos;
  private final long lateReadNanos;
  static final long LATE_READ_NANOS = Long.getLong("inferenceperf.lateReadNanos", 1_000_000);
  /** In a late round, what is read of a chunk whose size line has not been read yet: the size line and a little. */
  static final int CHUNK_PROBE_BYTES = 16;
  /**
   * In a late round, how many reads of one socket may go chunk by chunk: enough for the oldest queued event (a probe
   * of its size line, then the chunk), which is the one whose time a merged read would get most wrong; the rest of
   * the queue is read at once (its events' arrival uncertainty is recorded). A bound, because every chunk-wise read
   * costs system calls, and a loop already behind that read everything chunk by chunk would only fall further behind.
   */
  static final int CHUNK_WISE_READS_PER_SOCKET = 2;

  KernelLoop(KernelTransport transport, TransportOptions options, InetSocketAddress remote, String name) {
    this.transport = transport;
    this.options = options;
    this.remote = remote;
    this.sweepPeriodNanos = sweepPeriod(options);
    this.readTickNanos = options.readTickNanos();
    // Reads on a tick are up to a tick late by design: only later than that can segments have queued up.
    this.lateReadNanos = LATE_READ_NANOS + readTickNanos;
    this.thread = new Thread(this, name);
    thread.setDaemon(true);
    thread.start();
    try {
      started.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the kernel transport's event loop did not start: " + e.getMessage(), e);
    }
  }

  /** Hands a request over from any thread. */
  void submit(KernelExchange exchange) {
    tasks.add(exchange);
    if (sleeping && exchange.writeAtNanos - MIN_TIMER_NANOS < plannedWakeNanos) wake();
  }

  /** Runs {@code action} on the loop soon, without waiting for it. */
  void execute(Runnable action) {
    tasks.add(action);
    wake();
  }

  /** Runs {@code action} on the loop and returns once it did (at once when called on the loop). */
  void runAndWait(Consumer<KernelLoop> action) {
    if (Thread.currentThread() == thread) {
      action.accept(this);
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    tasks.add((Runnable) () -> {
      try {
        action.accept(this);
      } finally {
        done.complete(null);
      }
    });
    wake();
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("event loop {} did not answer: {}", thread.getName(), e.toString());
    }
  }

  /** Null when this loop's thread runs real-time, else why not. */
  String priorityRefusal() {
    return priorityRefusal;
  }

  void stop() {
    stopping = true;
    wake();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int[] stats() {
    int[][] out = new int[1][];
    runAndWait(loop -> out[0] = new int[] {active, waiting.size(), connections.size()});
    return out[0];
  }

  /** {@link #queuePeeks}, read on the loop. */
  long queuePeeks() {
    long[] out = new long[1];
    runAndWait(loop -> out[0] = queuePeeks);
    return out[0];
  }

  // ---- the loop ----

  @Override
  public void run() {
    try (LoopMemory owned = new LoopMemory(remote)) {
      memory = owned;
      epollFd = Posix.epollCreate(memory.errno);
      wakeFd = Posix.newEventFd(memory.errno);
      if (epollFd < 0 || wakeFd < 0) throw new IllegalStateException("epoll/eventfd failed: " + memory.errno.get());
      Posix.epollControl(memory.errno, epollFd, Posix.EPOLL_CTL_ADD, wakeFd, Posix.EPOLLIN, memory.eventScratch);
      priorityRefusal = options.ioPriority().applyToCurrentThread();
      mapping.refresh();
      pollBoundNanos = System.nanoTime();
      nextSweepNanos = System.nanoTime() + sweepPeriodNanos;
      started.complete(null);
      loop();
    } catch (Throwable e) {
      started.completeExceptionally(e);
      LOG.error("kernel transport event loop {} failed", thread.getName(), e);
    } finally {
      closeFds();
    }
  }

  private void loop() throws Throwable {
    while (!stopping) {
      runTasks();
      long now = System.nanoTime();
      writeDueRequests(now);
      if (now >= nextSweepNanos) {
        sweepTimeouts(now);
        nextSweepNanos = now + sweepPeriodNanos;
      }
      mapping.refreshIfDue(now);
      long wakeAt = Math.min(nextSweepNanos, held.isEmpty() ? Long.MAX_VALUE : held.peek().dueNanos);
      plannedWakeNanos = wakeAt;
      sleeping = true;
      int ready = waitForEvents(wakeAt);
      sleeping = false;
      lateRound = isLateRound(ready, System.nanoTime() - roundBoundNanos, pollSlept, () -> earliestReadyWait(ready),
          lateReadNanos);
      for (int i = 0; i < ready; i++) {
        onEvent(Posix.eventFd(memory.events, i), Posix.eventBits(memory.events, i));
      }
      busyRound = ready > 0;
    }
    abortAll(Failure.of(Failure.Kind.INTERRUPTED, "the transport was closed while the request was in flight"));
  }

  /**
   * Whether bytes read in this round may have waited more than {@code lateReadNanos}. The round's bound (the previous
   * poll's start) says so when it is older than that, unless this round's poll slept: then nothing was ready when it
   * began and the earliest ready socket's first segment says how long the bytes really waited (one peek, asked only
   * then). Without that exception every round after a sleep over the limit was late, and a late round peeks at each
   * socket before reading it: one more system call per socket read in every first round after a server's burst.
   */
  static boolean isLateRound(int ready, long sinceRoundBoundNanos, boolean pollSlept, LongSupplier earliestReadyWait,
      long lateReadNanos) {
    if (ready <= 0 || sinceRoundBoundNanos <= lateReadNanos) return false;
    return !pollSlept || earliestReadyWait.getAsLong() > lateReadNanos;
  }

  /**
   * Waits for events until {@code wakeAt} at the latest. With a read tick (kernel timestamps make it possible) a busy
   * loop does not wake for every arriving segment: it sleeps a tick (or until its next timer), then takes everything
   * that arrived meanwhile in one round; the arrival times are the kernel's either way. An idle loop blocks in
   * epoll until something happens.
   */
  private int waitForEvents(long wakeAt) throws Throwable {
    if (!tasks.isEmpty()) return 0;
    long timeout = Math.max(0, wakeAt - System.nanoTime());
    if (readTickNanos > 0 && busyRound && timeout > 0) {
      parked = true;
      if (tasks.isEmpty()) LockSupport.parkNanos(this, Math.min(timeout, readTickNanos));
      parked = false;
      timeout = 0;
    }
    long pollStart = System.nanoTime();
    int ready = Posix.epollWait(memory.errno, epollFd, memory.events, LoopMemory.MAX_EVENTS, timeout, memory.timespec);
    pollSlept = ready > 0 && System.nanoTime() - pollStart >= SLEPT_IN_POLL_NANOS;
    roundBoundNanos = pollBoundNanos;
    // A full event array may have left ready sockets unreported: their bytes can be older than this poll.
    if (ready < LoopMemory.MAX_EVENTS) pollBoundNanos = pollStart;
    return ready;
  }

  /** Rings the loop's eventfd (from any thread): its epoll_wait returns; a loop parked for its read tick wakes. */
  private void wake() {
    if (parked) {
      LockSupport.unpark(thread);
      return;
    }
    int fd = wakeFd;
    if (fd < 0) return;
    try {
      Posix.write(WAKE_ERRNO, fd, WAKE_ONE, 8);
    } catch (Throwable e) {
      LOG.debug("wake-up failed: {}", e.toString());
    }
  }

  /** The eventfd increment, and errno space shared by every waker (nobody reads that errno). */
  private static final MemorySegment WAKE_ONE = Arena.global().allocate(8, 8);
  private static final Posix.Errno WAKE_ERRNO = new Posix.Errno(Arena.global());

  static {
    WAKE_ONE.set(ValueLayout.JAVA_LONG, 0, 1L);
  }

  /**
   * How long the earliest bytes of a round that began with a poll that slept have waited: the first connection in the
   * poll's result became ready first (epoll lists sockets in the order they became ready, and a poll sleeps only when
   * none was ready, every one having been read empty before), so its first queued segment is the round's oldest. One
   * peek per such round, instead of one per socket: a loop that sleeps between a server's bursts of tokens (a batch
   * step, or requests sent at even intervals) is not late when it wakes, although its previous poll began long ago.
   * Unknown (no kernel stamp, no connection) counts as late.
   */
  private long earliestReadyWait(int ready) {
    for (int i = 0; i < ready; i++) {
      int fd = Posix.eventFd(memory.events, i);
      KernelConnection connection = fd == wakeFd || fd >= byFd.length ? null : byFd[fd];
      if (connection == null || connection.state != KernelConnection.State.OPEN) continue;
      try {
        long first = connection.firstQueuedArrival(memory, mapping);
        queuePeeks++;
        return first < 0 ? Long.MAX_VALUE : System.nanoTime() - first;
      } catch (Throwable e) {
        return Long.MAX_VALUE;
      }
    }
    return Long.MAX_VALUE;
  }

  private void runTasks() {
    Object task;
    while ((task = tasks.poll()) != null) {
      if (task instanceof KernelExchange exchange) {
        accept(exchange);
      } else if (task instanceof Runnable runnable) {
        runnable.run();
      }
    }
  }

  private void accept(KernelExchange exchange) {
    if (exchange.writeAtNanos - System.nanoTime() > MIN_TIMER_NANOS && transport.sendAheadNanos() > 0) {
      held.add(new Held(exchange.writeAtNanos, heldOrder++, exchange));
    } else {
      start(exchange);
    }
  }

  private void writeDueRequests(long now) {
    while (!held.isEmpty() && held.peek().dueNanos - now <= MIN_TIMER_NANOS) {
      start(held.poll().exchange);
    }
  }

  private void onEvent(int fd, int bits) {
    if (fd == wakeFd) {
      try {
        Posix.read(memory.errno, wakeFd, memory.wakeCounter, 8);
      } catch (Throwable ignored) {
        // the counter is only a doorbell
      }
      return;
    }
    KernelConnection connection = fd < byFd.length ? byFd[fd] : null;
    if (connection == null || connection.state == KernelConnection.State.CLOSED) return;
    try {
      if (connection.state == KernelConnection.State.CONNECTING) {
        onConnectReady(connection);
        return;
      }
      if ((bits & Posix.EPOLLERR) != 0) onErrorQueue(connection);
      if ((bits & (Posix.EPOLLIN | Posix.EPOLLHUP | Posix.EPOLLERR | Posix.EPOLLRDHUP)) != 0) readAll(connection);
      if (connection.state == KernelConnection.State.OPEN && (bits & Posix.EPOLLOUT) != 0
          && connection.exchange != null && connection.exchange.sentNanos < 0) {
        continueWrite(connection);
      }
    } catch (Throwable e) {
      failExchange(connection, Failure.of(Failure.Kind.OTHER, "unexpected error: " + e), System.nanoTime());
    }
  }

  // ---- dispatch (LoopPool's policy) ----

  /** A request's time has come: queue it, unless an abort ended it while it was held. */
  private void start(KernelExchange exchange) {
    Failure aborted = transport.abortedBeforeStart(exchange);
    if (aborted != null) {
      exchange.listener.onAbort(aborted, System.nanoTime());
      complete(exchange);
      return;
    }
    waiting.addLast(exchange);
    drain();
  }

  private void drain() {
    while (!waiting.isEmpty()) {
      if (options.maxInFlightPerLoop() > 0 && active >= options.maxInFlightPerLoop()) return;
      KernelConnection connection = takeIdle();
      if (connection == null) {
        if (connections.size() >= options.maxConnectionsPerLoop()) return;
        connection = openConnection();
        if (connection == null) continue; // that request was failed; the next one tries again
      }
      active++;
      assign(connection, waiting.pollFirst());
    }
  }

  private KernelConnection takeIdle() {
    long now = System.nanoTime();
    KernelConnection connection;
    while ((connection = idle.pollLast()) != null) {
      if (!connection.retired && connection.state == KernelConnection.State.OPEN
          && now - connection.idleSinceNanos < LoopPool.IDLE_REUSE_LIMIT_NANOS) {
        return connection;
      }
      retire(connection);
    }
    return null;
  }

  private KernelConnection openConnection() {
    String[] failure = new String[1];
    KernelConnection connection;
    try {
      connection = KernelConnection.open(memory, System.nanoTime(), failure);
    } catch (Throwable e) {
      connection = null;
      failure[0] = e.toString();
    }
    if (connection == null) {
      KernelExchange first = waiting.pollFirst();
      first.listener.onAbort(Failure.of(Failure.Kind.CONNECTION, "connect failed: " + failure[0]),
          System.nanoTime());
      complete(first);
      return null;
    }
    register(connection, Posix.EPOLLOUT | Posix.EPOLLIN | Posix.EPOLLRDHUP);
    connection.index = connections.size();
    connections.add(connection);
    return connection;
  }

  private void assign(KernelConnection connection, KernelExchange exchange) {
    connection.exchange = exchange;
    if (connection.state == KernelConnection.State.OPEN) write(connection, exchange);
  }

  private void onConnectReady(KernelConnection connection) throws Throwable {
    int error = connection.connectResult(memory);
    if (error != 0) {
      onConnectFailed(connection, Failure.of(Failure.Kind.CONNECTION,
          "connection refused or unreachable: " + Errnos.describe(error)));
      return;
    }
    connection.state = KernelConnection.State.OPEN;
    modify(connection, Posix.EPOLLIN | Posix.EPOLLRDHUP);
    if (connection.exchange != null) {
      write(connection, connection.exchange);
    } else {
      release(connection); // its request was aborted while connecting
    }
  }

  private void onConnectFailed(KernelConnection connection, Failure failure) {
    remove(connection);
    connection.close(memory);
    KernelExchange pending = connection.exchange;
    if (pending != null) {
      connection.exchange = null;
      active--;
      pending.listener.onAbort(failure, System.nanoTime());
      complete(pending);
    }
    drain();
  }

  private void write(KernelConnection connection, KernelExchange exchange) {
    connection.reader.start(exchange.listener);
    continueWrite(connection);
  }

  private void continueWrite(KernelConnection connection) {
    KernelExchange exchange = connection.exchange;
    try {
      boolean done = connection.writeSome(memory, exchange);
      if (done) {
        long transmitted = connection.takeTransmitTimestamp(memory, mapping);
        if (transmitted >= 0) {
          exchange.sentNanos = transmitted;
          exchange.kernelSendStamp = true;
        }
        exchange.lastReadNanos = exchange.sentNanos;
        exchange.listener.onSent(exchange.sentNanos);
        if (exchange.kernelSendStamp) exchange.listener.onKernelSendStamp();
        if ((connection.interest & Posix.EPOLLOUT) != 0) modify(connection, Posix.EPOLLIN | Posix.EPOLLRDHUP);
      } else if ((connection.interest & Posix.EPOLLOUT) == 0) {
        modify(connection, Posix.EPOLLIN | Posix.EPOLLRDHUP | Posix.EPOLLOUT);
      }
    } catch (KernelConnection.SendFailed e) {
      failExchange(connection, Failure.of(Failure.Kind.CONNECTION,
          "connection error before the response: " + Errnos.describe(e.errno)), System.nanoTime());
    } catch (Throwable e) {
      failExchange(connection, Failure.of(Failure.Kind.OTHER, "unexpected error: " + e), System.nanoTime());
    }
  }

  /**
   * The error queue has entries: a transmit timestamp that came after the send call returned (a real device can
   * transmit later than loopback). It refines the send time while no response byte has arrived yet.
   */
  private void onErrorQueue(KernelConnection connection) throws Throwable {
    long transmitted = connection.takeTransmitTimestamp(memory, mapping);
    KernelExchange exchange = connection.exchange;
    if (transmitted < 0 || exchange == null || exchange.sentNanos < 0 || exchange.kernelSendStamp
        || connection.responseStarted()) {
      return;
    }
    exchange.sentNanos = transmitted;
    exchange.kernelSendStamp = true;
    exchange.lastReadNanos = transmitted;
    exchange.listener.onSent(transmitted);
    exchange.listener.onKernelSendStamp();
  }

  /** Reads everything the socket has, each read stamped with its kernel arrival time. */
  private void readAll(KernelConnection connection) throws Throwable {
    int chunkWiseReads = 0;
    while (connection.state == KernelConnection.State.OPEN) {
      long firstArrival = -1;
      int maxBytes = LoopMemory.READ_BUFFER_BYTES;
      if (lateRound && connection.exchange != null && chunkWiseReads < CHUNK_WISE_READS_PER_SOCKET) {
        // The loop is late: segments of a response may have queued up. When the first queued one has waited too,
        // read chunk by chunk so that each event keeps its own segment's time (servers write an event per chunk
        // and segment), and where no boundary is known peek at the first segment's time for the read's first event.
        long first = connection.firstQueuedArrival(memory, mapping);
        queuePeeks++;
        if (first >= 0 && System.nanoTime() - first > lateReadNanos) {
          long toChunkEnd = connection.reader.bytesToChunkEnd();
          if (toChunkEnd > 0) {
            maxBytes = (int) Math.min(toChunkEnd, LoopMemory.READ_BUFFER_BYTES);
            chunkWiseReads++;
          } else if (connection.reader.inChunkedBody()) {
            maxBytes = CHUNK_PROBE_BYTES;
            chunkWiseReads++;
          } else {
            firstArrival = first;
          }
        }
      }
      switch (connection.receive(memory, mapping, maxBytes)) {
        case WOULD_BLOCK -> {
          return;
        }
        case END_OF_STREAM -> {
          onClosed(connection, System.nanoTime());
          return;
        }
        case ERROR -> {
          onReadError(connection);
          return;
        }
        case BYTES -> {
          onBytes(connection, firstArrival);
          // A read that did not fill its buffer took everything there was: epoll (level-triggered) reports the
          // socket again when more arrives, so the read that would only say "nothing more" is saved.
          if (connection.receivedBytes < maxBytes) return;
        }
      }
    }
  }

  /** @param firstArrival the first queued segment's arrival when the read was preceded by a peek, else -1 */
  private void onBytes(KernelConnection connection, long firstArrival) {
    KernelExchange current = connection.exchange;
    if (current == null) {
      retire(connection); // nothing was asked: a misbehaving server, never reuse
      return;
    }
    if (current.sentNanos < 0) { // the server answered before the whole request was written
      current.sentNanos = connection.arrivalNanos;
      current.listener.onSent(current.sentNanos);
    }
    long earliest = Math.max(Math.max(roundBoundNanos, connection.previousReadNanos), current.sentNanos);
    current.lastReadNanos = connection.arrivalNanos;
    long lateness = connection.readNanos - connection.arrivalNanos;
    current.listener.onRead(connection.kernelStamped, lateness, Math.min(earliest, connection.arrivalNanos));
    if (connection.kernelStamped && lateness > lateReadNanos) lateRound = true;
    int length = connection.receivedBytes;
    long first = firstArrival >= 0 && firstArrival < connection.arrivalNanos ? firstArrival : -1;
    int consumed = connection.reader.feed(memory.readCopy, 0, length, connection.arrivalNanos, first);
    if (connection.reader.failed()) {
      failExchange(connection, Failure.of(Failure.Kind.PROTOCOL,
          "malformed HTTP response: " + connection.reader.error()), connection.arrivalNanos);
    } else if (connection.reader.complete()) {
      finishExchange(connection, connection.reader.keepAlive() && consumed == length);
    }
  }

  private void onReadError(KernelConnection connection) {
    String detail = Errnos.describe(connection.errno);
    Failure failure = connection.responseStarted()
        ? Failure.of(Failure.Kind.STREAM_CUT, "connection error mid-response: " + detail)
        : Failure.of(Failure.Kind.CONNECTION, "connection error before the response: " + detail);
    if (connection.exchange == null) {
      retire(connection);
      return;
    }
    failExchange(connection, failure, System.nanoTime());
  }

  private void onClosed(KernelConnection connection, long nowNanos) {
    remove(connection);
    idle.remove(connection);
    connection.retired = true;
    KernelExchange open = connection.exchange;
    connection.close(memory);
    if (open != null) {
      connection.exchange = null;
      active--;
      if (!connection.reader.onConnectionClosed(nowNanos)) {
        open.listener.onAbort(closedFailure(connection), nowNanos);
      }
      complete(open);
    }
    drain();
  }

  private static Failure closedFailure(KernelConnection connection) {
    if (!connection.responseStarted()) {
      return Failure.of(Failure.Kind.CONNECTION, "the server closed the connection before responding");
    }
    return Failure.of(Failure.Kind.STREAM_CUT,
        "the server closed the connection mid-response after " + connection.reader.bodyBytes() + " body bytes");
  }

  private void finishExchange(KernelConnection connection, boolean reusable) {
    KernelExchange done = connection.exchange;
    connection.exchange = null;
    active--;
    complete(done);
    if (reusable) {
      release(connection);
    } else {
      retire(connection);
    }
    drain();
  }

  private void failExchange(KernelConnection connection, Failure failure, long nowNanos) {
    KernelExchange failed = connection.exchange;
    connection.exchange = null;
    retire(connection);
    if (failed != null) {
      active--;
      failed.listener.onAbort(failure, nowNanos);
      complete(failed);
    }
    drain();
  }

  // ---- timeouts, abort ----

  private void sweepTimeouts(long now) {
    for (int i = connections.size() - 1; i >= 0; i--) {
      if (i >= connections.size()) continue;
      KernelConnection connection = connections.get(i);
      if (connection.state == KernelConnection.State.CONNECTING) {
        if (options.connectTimeoutNanos() > 0 && now - connection.connectStartedNanos >= options.connectTimeoutNanos()) {
          onConnectFailed(connection, Failure.of(Failure.Kind.TIMEOUT,
              "connect timeout: no TCP connection within " + LoopPool.seconds(options.connectTimeoutNanos())));
        }
        continue;
      }
      KernelExchange exchange = connection.exchange;
      if (exchange == null || exchange.sentNanos < 0) continue;
      String expired = expiredTimeout(connection, exchange, now);
      if (expired != null) failExchange(connection, Failure.of(Failure.Kind.TIMEOUT, expired), now);
    }
  }

  private String expiredTimeout(KernelConnection connection, KernelExchange exchange, long now) {
    long sent = exchange.sentNanos;
    if (options.totalTimeoutNanos() > 0 && now - sent >= options.totalTimeoutNanos()) {
      return "request timeout: not finished within " + LoopPool.seconds(options.totalTimeoutNanos()) + " of sending";
    }
    if (!connection.responseStarted()) {
      if (options.headerTimeoutNanos() > 0 && now - sent >= options.headerTimeoutNanos()) {
        return "header timeout: no response within " + LoopPool.seconds(options.headerTimeoutNanos())
            + " of sending";
      }
    } else if (options.idleStreamTimeoutNanos() > 0
        && now - exchange.lastReadNanos >= options.idleStreamTimeoutNanos()) {
      return "idle stream timeout: no bytes for " + LoopPool.seconds(options.idleStreamTimeoutNanos());
    }
    return null;
  }

  /** Ends every request still waiting for a slot or a connection with {@code failure}; active ones go on. */
  void dropWaiting(Failure failure) {
    long now = System.nanoTime();
    KernelExchange queued;
    while ((queued = waiting.pollFirst()) != null) {
      queued.listener.onAbort(failure, now);
      complete(queued);
    }
  }

  /** Ends every held, queued and active request with {@code failure}; their connections are closed. */
  void abortAll(Failure failure) {
    long now = System.nanoTime();
    Held h;
    while ((h = held.poll()) != null) {
      h.exchange.listener.onAbort(failure, now);
      complete(h.exchange);
    }
    dropWaiting(failure);
    for (int i = connections.size() - 1; i >= 0; i--) {
      if (i < connections.size() && connections.get(i).exchange != null) {
        failExchange(connections.get(i), failure, now);
      }
    }
  }

  private void complete(KernelExchange exchange) {
    if (exchange.completed) return;
    exchange.completed = true;
    transport.completed(exchange);
  }

  // ---- connections ----

  private void release(KernelConnection connection) {
    if (connection.retired || connection.state != KernelConnection.State.OPEN) {
      retire(connection);
      return;
    }
    connection.idleSinceNanos = System.nanoTime();
    idle.addLast(connection);
  }

  private void retire(KernelConnection connection) {
    connection.retired = true;
    remove(connection);
    idle.remove(connection);
    if (connection.fd < byFd.length && byFd[connection.fd] == connection) byFd[connection.fd] = null;
    connection.close(memory);
  }

  private void remove(KernelConnection connection) {
    int at = connection.index;
    if (at < 0) return;
    KernelConnection last = connections.remove(connections.size() - 1);
    if (last != connection) {
      connections.set(at, last);
      last.index = at;
    }
    connection.index = -1;
  }

  private void register(KernelConnection connection, int events) {
    if (connection.fd >= byFd.length) {
      byFd = java.util.Arrays.copyOf(byFd, Math.max(connection.fd + 1, byFd.length * 2));
    }
    byFd[connection.fd] = connection;
    connection.interest = events;
    try {
      Posix.epollControl(memory.errno, epollFd, Posix.EPOLL_CTL_ADD, connection.fd, events, memory.eventScratch);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private void modify(KernelConnection connection, int events) {
    connection.interest = events;
    try {
      Posix.epollControl(memory.errno, epollFd, Posix.EPOLL_CTL_MOD, connection.fd, events, memory.eventScratch);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private void closeFds() {
    if (memory == null) return;
    for (KernelConnection connection : new ArrayList<>(connections)) connection.close(memory);
    try {
      if (epollFd >= 0) Posix.close(memory.errno, epollFd);
      if (wakeFd >= 0) Posix.close(memory.errno, wakeFd);
    } catch (Throwable ignored) {
      // the process keeps nothing open past its end
    }
    wakeFd = -1;
  }

  private static long sweepPeriod(TransportOptions options) {
    long shortest = Long.MAX_VALUE;
    for (long timeout : new long[] {options.connectTimeoutNanos(), options.headerTimeoutNanos(),
        options.idleStreamTimeoutNanos(), options.totalTimeoutNanos()}) {
      if (timeout > 0) shortest = Math.min(shortest, timeout);
    }
    return shortest == Long.MAX_VALUE ? 100_000_000L : Math.clamp(shortest / 10, 1_000_000L, 100_000_000L);
  }
}
