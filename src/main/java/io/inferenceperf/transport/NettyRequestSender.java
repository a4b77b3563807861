package io.inferenceperf.transport;

import io.inferenceperf.api.PreparedRequest;
import io.inferenceperf.api.ResponseAssembler;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.time.NanoClock;
import io.inferenceperf.tokenizer.Tokenizer;
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
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * parsed by hand on bytes ({@link HttpResponseParser}, {@link SseFramer}); OpenAI decoding and record building are
 * the api package's {@link ResponseAssembler}.
 *
 * <p>Token counting: without a tokenizer every token-carrying chunk counts one token and callbacks run on the I/O
 * thread. With one, the finished exchange is handed to a small counting executor, where chunk texts are counted
 * and the callback then runs: tokenization never delays reads of other requests on the same loop.
 *
 * <p>Send times: a request handed over before its intended start (up to {@link #sendAheadNanos}) is scheduled on
 * its loop's own timer and written there at that time, so the send instant needs no wake-up of another thread.
 *
 * <p>Timeouts are checked by a periodic sweep on each loop (period: a tenth of the shortest timeout, 1 to 100
 * ms), which costs nothing per request. A request waiting for a connection or for the in-flight cap has no
 * timeout: that wait is schedule delay, and the engine ends it with {@link #abortInFlight} at the stage end.
 */
public final class NettyRequestSender implements RequestSender {

  private static final Logger LOG = LoggerFactory.getLogger(NettyRequestSender.class);

  /**
   * How far ahead requests may be handed over (see {@link RequestSender#sendAheadNanos}); the system property
   * {@code inferenceperf.sendAheadNanos} overrides it (0 turns holding off, for comparisons).
   */
  static final long SEND_AHEAD_NANOS = Long.getLong("inferenceperf.sendAheadNanos", 10_000_000L);
  /** Closer to its time than this, a request is written at once rather than through the timer. */
  private static final long MIN_TIMER_NANOS = 20_000L;

  private final TransportOptions options;
  private final ServerAddress address;
  private final NanoClock clock;
  private final Tokenizer tokenizer;
  private final EventLoopGroup group;
  /** TLS for an https base URL, else null. */
  private final TlsLayer tls;
  private final LoopPool[] pools;
  private final ExecutorService counting;
  private final List<ScheduledFuture<?>> sweeps = new ArrayList<>();
  private final AtomicLong nextLoop = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Bumped by each abortInFlight: a held request created before it is ended when its time comes. */
  private final AtomicLong abortEpoch = new AtomicLong();
  private volatile Failure abortFailure;
  private volatile RequestHead lastHead;

  /** Starts the event loops; throws IllegalArgumentException for an unusable base URL. */
  public NettyRequestSender(TransportOptions options) {
    this.options = options;
    this.address = ServerAddress.parse(options.baseUrl());
    this.clock = options.clock();
    this.tokenizer = options.tokenizer();
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
    this.counting = tokenizer == null ? null : Executors.newFixedThreadPool(countingThreads(),
        new DefaultThreadFactory("inference-perf-token-count", true));
    startTimeoutSweeps();
  }

  /** TLS for an https base URL, else null. */
  TlsLayer tlsLayer() {
    return tls;
  }

  /** Whether the native epoll transport is in use on this platform (else NIO). */
  public boolean usesEpoll() {
    return options.nativeTransport() && Epoll.isAvailable();
  }

  @Override
  public void send(
      PreparedRequest request, long seq, int stageId, long intendedStartNanos, Consumer<RequestRecord> onComplete) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(onComplete, "onComplete");
    LoopPool pool = pools[(int) Math.floorMod(nextLoop.getAndIncrement(), (long) pools.length)];
    ResponseAssembler assembler = new ResponseAssembler(
        request, seq, stageId, intendedStartNanos, options.keepResponseBodies(),
        tokenizer != null || onComplete instanceof GeneratedTextCallback);
    Exchange exchange = new Exchange(assembler, onComplete, pool, head(request), abortEpoch.get());
    inFlight.incrementAndGet();
    if (closed.get()) {
      rejectNow(exchange);
      return;
    }
    long earlyNanos = clock == NanoClock.SYSTEM ? intendedStartNanos - clock.nanoTime() : 0;
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
   * {@value #SEND_AHEAD_NANOS} ns with the system clock (the loops' timers run on it); 0 with any other clock, so
   * that tests with a fake clock see every request written at once.
   */
  @Override
  public long sendAheadNanos() {
    return clock == NanoClock.SYSTEM ? SEND_AHEAD_NANOS : 0;
  }

  /** The failure for a held request created before the latest abort, or null when it may go ahead. */
  Failure abortedBeforeStart(Exchange exchange) {
    return exchange.epoch == abortEpoch.get() ? null : abortFailure;
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void dropWaiting(Failure.Kind kind, String message) {
    Failure failure = Failure.of(kind, message);
    onEveryLoop(pool -> pool.dropWaiting(failure));
  }

  /**
   * Completes every queued and in-flight request with a failure of {@code kind} and closes their connections.
   * Called from outside the event loops it returns once every loop has done so (callbacks with a tokenizer may
   * still be on their way); called on an event loop it does not wait for the other loops.
   */
  @Override
  public void abortInFlight(Failure.Kind kind, String message) {
    Failure failure = Failure.of(kind, message);
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

  /** Aborts what is in flight (INTERRUPTED), closes all connections and stops the threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    abortInFlight(Failure.Kind.INTERRUPTED, "the transport was closed while the request was in flight");
    awaitHeldRequests();
    for (LoopPool pool : pools) {
      pool.loop.execute(pool::closeAll);
    }
    sweeps.forEach(sweep -> sweep.cancel(false));
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    if (counting != null) {
      counting.shutdown();
      try {
        counting.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Lets requests still held for their send time reach it and end as aborted, so each completes once. */
  private void awaitHeldRequests() {
    long deadline = System.nanoTime() + SEND_AHEAD_NANOS + 1_000_000_000L;
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Hands a finished exchange on: counted and delivered here, or on the counting executor with a tokenizer. */
  void deliver(Exchange exchange) {
    if (counting == null) {
      emit(exchange, exchange.assembler.toRecord(null));
      return;
    }
    try {
      counting.execute(() -> emit(exchange, countedRecord(exchange)));
    } catch (RejectedExecutionException shutDown) {
      emit(exchange, countedRecord(exchange));
    }
  }

  private RequestRecord countedRecord(Exchange exchange) {
    try {
      return exchange.assembler.toRecord(tokenizer);
    } catch (RuntimeException tokenizerFailed) {
      LOG.warn("tokenizer {} failed to count a response; counting chunks instead", tokenizer.name(),
          tokenizerFailed);
      return exchange.assembler.toRecord(null);
    }
  }

  private void emit(Exchange exchange, RequestRecord record) {
    try {
      if (exchange.onComplete instanceof GeneratedTextCallback withText) {
        String text = exchange.assembler.generatedText();
        withText.complete(record, text == null ? "" : text);
      } else {
        exchange.onComplete.accept(record);
      }
    } catch (Throwable callbackFailed) {
      LOG.error("request completion callback failed for request {}", record.seq(), callbackFailed);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void rejectNow(Exchange exchange) {
    exchange.assembler.abort(
        Failure.of(Failure.Kind.OTHER, "the request was sent after the transport was closed"), clock.nanoTime());
    exchange.completed = true;
    deliver(exchange);
  }

  private RequestHead head(PreparedRequest request) {
    RequestHead head = lastHead;
    if (head == null || !head.matches(request.path(), request.headers())) {
      head = new RequestHead(address, request.path(), request.headers());
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

  private static int countingThreads() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
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
