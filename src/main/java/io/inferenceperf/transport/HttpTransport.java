package io.inferenceperf.transport;

import io.inferenceperf.record.Failure;
import io.inferenceperf.time.NanoClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's HTTP client: raw Netty (epoll when available, else NIO), one event loop per worker, one pool of
 * HTTP/1.1 keep-alive connections per loop (TCP_NODELAY), requests spread round-robin over the loops. Responses are
 * parsed by hand on bytes ({@link HttpResponseParser}, {@link SseFramer}) and told, event by event with their arrival
 * times, to each exchange's {@link ExchangeListener}; it knows nothing of OpenAI formats or tokenizers.
 *
 * <p>Send times: a request handed over before its time (up to {@link #sendAheadNanos}) is scheduled on its loop's
 * own timer and written there at that time, so the send instant needs no wake-up of another thread.
 *
 * <p>Timeouts are checked by a periodic sweep on each loop (period: a tenth of the shortest timeout, 1 to 100
 * ms), which costs nothing per request. A request waiting for a connection or for the in-flight cap has no
 * timeout: that wait is schedule delay, and the caller ends it with {@link #dropWaiting} or {@link #abortInFlight}.
 */
public final class HttpTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

  /** Closer to its time than this, a request is written at once rather than through the timer. */
  private static final long MIN_TIMER_NANOS = 20_000L;

  private final TransportOptions options;
  private final ServerAddress address;
  private final NanoClock clock;
  private final EventLoopGroup group;
  private IoPriority.Outcome priority = IoPriority.Outcome.NOT_APPLIED;
  /** TLS for an https base URL, else null. */
  private final TlsLayer tls;
  private final LoopPool[] pools;
  private final List<ScheduledFuture<?>> sweeps = new ArrayList<>();
  private final AtomicLong nextLoop = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Bumped by each abortInFlight: a held request created before it is ended when its time comes. */
  private final AtomicLong abortEpoch = new AtomicLong();
  private volatile Failure abortFailure;
  private volatile RequestHead lastHead;

  /** Starts the event loops; throws IllegalArgumentException for an unusable base URL. */
  public HttpTransport(TransportOptions options) {
    this.options = options;
    this.address = ServerAddress.parse(options.baseUrl());
    this.clock = options.clock();
    InetSocketAddress remote = new InetSocketAddress(address.host(), address.port());
    if (remote.isUnresolved()) {
      throw new IllegalArgumentException("server.base_url host '" + address.host() + "' cannot be resolved");
    }
    this.tls = address.tls() ? new TlsLayer(options.tls(), address, clock, options.connectTimeoutNanos()) : null;
    boolean epoll = options.nativeTransport() && Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(
        options.numEventLoops(), new DefaultThreadFactory("inference-perf-io", true), io);
    Bootstrap bootstrap = new Bootstrap()
        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .remoteAddress(remote)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis(options.connectTimeoutNanos()));
    List<LoopPool> created = new ArrayList<>();
    for (EventExecutor executor : group) {
      EventLoop loop = (EventLoop) executor;
      created.add(new LoopPool(loop, bootstrap.clone().group(loop), this, options));
    }
    this.pools = created.toArray(LoopPool[]::new);
    this.priority = applyPriority(options.ioPriority());
    startTimeoutSweeps();
  }

  /** Applies {@code wanted} on every event loop's thread; with REALTIME refused, stops and says why. */
  private IoPriority.Outcome applyPriority(IoPriority wanted) {
    List<String> refusals = new ArrayList<>();
    for (EventExecutor executor : group) {
      try {
        refusals.add(executor.submit(wanted::applyToCurrentThread).get(10, java.util.concurrent.TimeUnit.SECONDS));
      } catch (Exception e) {
        refusals.add("an event loop did not answer: " + e);
      }
    }
    IoPriority.Outcome outcome = IoPriority.combine(refusals);
    if (wanted.refuses(outcome)) {
      close();
      throw IoPriority.realtimeRefused(outcome);
    }
    return outcome;
  }

  @Override
  public IoPriority.Outcome ioPriority() {
    return priority;
  }

  /** TLS for an https base URL, else null. */
  TlsLayer tlsLayer() {
    return tls;
  }

  /** Whether the native epoll transport is in use on this platform (else NIO). */
  public boolean usesEpoll() {
    return options.nativeTransport() && Epoll.isAvailable();
  }

  /**
   * Sends a POST of {@code body} to {@code path} (under the base URL) with {@code headers}: written at
   * {@code writeAtNanos} when that is up to {@link #sendAheadNanos} away, else at once. {@code listener} hears
   * everything about the exchange and, last, {@link ExchangeListener#onComplete} exactly once.
   */
  @Override
  public void send(String path, Map<String, String> headers, byte[] body, long writeAtNanos,
      ExchangeListener listener) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(listener, "listener");
    LoopPool pool = pools[(int) Math.floorMod(nextLoop.getAndIncrement(), (long) pools.length)];
    Exchange exchange = new Exchange(listener, body, pool, head(path, headers), abortEpoch.get());
    inFlight.incrementAndGet();
    if (closed.get()) {
      rejectNow(exchange);
      return;
    }
    long earlyNanos = options.sendAheadNanos() > 0 ? writeAtNanos - clock.nanoTime() : 0;
    try {
      if (earlyNanos > MIN_TIMER_NANOS) {
        pool.loop.schedule(exchange, earlyNanos, TimeUnit.NANOSECONDS);
      } else {
        pool.loop.execute(exchange);
      }
    } catch (RejectedExecutionException shutDown) {
      rejectNow(exchange);
    }
  }

  /**
   * How long before its write time a request may be handed over ({@link TransportOptions#sendAheadNanos}): the
   * loops' timers run on the system clock, so this is 0 whenever the options' clock is another.
   */
  @Override
  public long sendAheadNanos() {
    return options.sendAheadNanos();
  }

  /** The failure for a held request created before the latest abort, or null when it may go ahead. */
  Failure abortedBeforeStart(Exchange exchange) {
    return exchange.epoch == abortEpoch.get() ? null : abortFailure;
  }

  /** Requests handed over and not completed yet. */
  @Override
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Ends, with {@code failure}, every request still waiting for a free in-flight slot or connection; requests on
   * the wire go on.
   */
  @Override
  public void dropWaiting(Failure failure) {
    onEveryLoop(pool -> pool.dropWaiting(failure));
  }

  /**
   * Completes every queued and in-flight request with {@code failure} and closes their connections. Called from
   * outside the event loops it returns once every loop has done so; called on an event loop it does not wait for
   * the other loops.
   */
  @Override
  public void abortInFlight(Failure failure) {
    abortFailure = failure; // written before the epoch moves, so a held request that sees the new epoch sees it too
    abortEpoch.incrementAndGet();
    onEveryLoop(pool -> pool.abortAll(failure));
  }

  /**
   * Runs {@code action} on each loop's pool, on that loop. Called from outside the event loops it returns once every
   * loop has done so; called on an event loop it does not wait for the other loops (they might be waiting for it).
   */
  private void onEveryLoop(Consumer<LoopPool> action) {
    boolean onLoop = false;
    List<Future<?>> pending = new ArrayList<>();
    for (LoopPool pool : pools) {
      if (pool.loop.inEventLoop()) {
        onLoop = true;
        action.accept(pool);
      } else {
        try {
          pending.add(pool.loop.submit(() -> action.accept(pool)));
        } catch (RejectedExecutionException shutDown) {
          // the loop is gone, and with it everything it held
        }
      }
    }
    if (!onLoop) {
      for (Future<?> done : pending) {
        done.awaitUninterruptibly(10, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public ArrivalClock arrivalClock() {
    return ArrivalClock.USER_SPACE;
  }

  /** Aborts what is in flight (INTERRUPTED), closes all connections and stops the threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    abortInFlight(Failure.of(Failure.Kind.INTERRUPTED, "the transport was closed while the request was in flight"));
    awaitHeldRequests();
    for (LoopPool pool : pools) {
      pool.loop.execute(pool::closeAll);
    }
    sweeps.forEach(sweep -> sweep.cancel(false));
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  /** Lets requests still held for their send time reach it and end as aborted, so each completes once. */
  private void awaitHeldRequests() {
    long deadline = System.nanoTime() + options.sendAheadNanos() + 1_000_000_000L;
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** An exchange is over: its listener hears so, once. */
  void completed(Exchange exchange) {
    try {
      exchange.listener.onComplete();
    } catch (Throwable listenerFailed) {
      LOG.error("exchange listener failed on completion", listenerFailed);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void rejectNow(Exchange exchange) {
    exchange.listener.onAbort(
        Failure.of(Failure.Kind.OTHER, "the request was sent after the transport was closed"), clock.nanoTime());
    exchange.completed = true;
    completed(exchange);
  }

  private RequestHead head(String path, Map<String, String> headers) {
    RequestHead head = lastHead;
    if (head == null || !head.matches(path, headers)) {
      head = new RequestHead(address, path, headers);
      lastHead = head;
    }
    return head;
  }

  private void startTimeoutSweeps() {
    long shortest = Long.MAX_VALUE;
    for (long timeout : new long[] {
        options.headerTimeoutNanos(), options.idleStreamTimeoutNanos(), options.totalTimeoutNanos()}) {
      if (timeout > 0) {
        shortest = Math.min(shortest, timeout);
      }
    }
    if (shortest == Long.MAX_VALUE) {
      return;
    }
    long periodNanos = Math.clamp(shortest / 10, 1_000_000L, 100_000_000L);
    for (LoopPool pool : pools) {
      sweeps.add(pool.loop.scheduleAtFixedRate(
          pool::sweepTimeouts, periodNanos, periodNanos, TimeUnit.NANOSECONDS));
    }
  }

  private static int connectTimeoutMillis(long nanos) {
    return nanos == 0 ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, nanos / 1_000_000));
  }

  /** Runs {@code action} on every event loop, without waiting (tests). */
  void executeOnLoops(Runnable action) {
    for (LoopPool pool : pools) pool.loop.execute(action);
  }

  /** Per-loop counts for tests and self-monitoring: {active, waiting, open connections}, read on each loop. */
  int[][] loopStats() {
    int[][] stats = new int[pools.length][];
    for (int i = 0; i < pools.length; i++) {
      LoopPool pool = pools[i];
      stats[i] = pool.loop.submit(() -> new int[] {pool.active(), pool.waiting(), pool.openConnections()})
          .syncUninterruptibly().getNow();
    }
    return stats;
  }
}
