package io.inferenceperf.simulator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts the simulated OpenAI-compatible model server: raw Netty (epoll when available, else NIO), one engine
 * replica per event-loop thread, every timer on the event loops themselves.
 *
 * <pre>{@code
 * try (RunningSimulator sim = Simulator.start(SimulatorOptions.profile("fixed"))) {
 *   // POST sim.baseUrl() + "/v1/completions" ...
 *   TruthSnapshot truth = sim.truth().snapshot();
 * }
 * }</pre>
 */
public final class Simulator {
  private Simulator() {}

  /**
   * Binds and starts serving; returns once the port is bound (with fault_refuse_for_ms the port is closed again
   * at once and reopened after that period).
   *
   * @throws IllegalStateException if the address cannot be bound (port in use, bad host)
   */
  public static RunningSimulator start(SimulatorOptions options) {
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            options.threads(), new DefaultThreadFactory("simulator-io", true), ioHandlerFactory());
    try {
      SimContext sim = context(options, group);
      Warmup.run(sim);
      ServerBootstrap bootstrap = bootstrap(group, sim, SimulatorTls.serverContext(options));
      Channel server = bootstrap.bind(options.host(), options.port()).syncUninterruptibly().channel();
      int port = ((java.net.InetSocketAddress) server.localAddress()).getPort();
      Listener listener = new Listener(bootstrap, options.host(), port, server);
      if (options.faults().refuseForMs() > 0) {
        listener.refuseFor(FaultDrawer.millisToNanos(options.faults().refuseForMs()), group.next());
        sim.truth.fault("refuse_window");
      }
      return new Running(options, port, sim, group, listener);
    } catch (Exception e) { // Netty rethrows the bind's IOException undeclared
      group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
      throw new IllegalStateException(
          "cannot start the simulator on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
    }
  }

  /** Whether the native epoll transport is in use on this machine. */
  public static boolean usesEpoll() {
    return Epoll.isAvailable();
  }

  private static IoHandlerFactory ioHandlerFactory() {
    return Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  private static SimContext context(SimulatorOptions options, MultiThreadIoEventLoopGroup group) {
    GroundTruth truth = new GroundTruth(options.truthRecentRequests());
    List<Engine> engines = new ArrayList<>();
    ServerMetrics metrics = new ServerMetrics(engines, options.maxModelLen());
    Map<EventLoop, Replica> replicas = new IdentityHashMap<>();
    long budget = options.faults().maxCount() == 0 ? Long.MAX_VALUE : options.faults().maxCount();
    AtomicLong faultBudget = new AtomicLong(budget);
    int index = 0;
    for (EventExecutor executor : group) {
      EventLoop loop = (EventLoop) executor;
      EngineOptions e = options.engine();
      PrefixCache cache = e.prefixCaching() ? new PrefixCache(e.prefixBlockTokens(), e.prefixCacheTokens()) : null;
      Engine engine =
          e.mode() == EngineOptions.Mode.FIXED
              ? new FixedEngine(loop, e, cache)
              : new BatchingEngine(loop, e, cache, metrics);
      engines.add(engine);
      long seed = options.seed() + 1_000_003L * index;
      replicas.put(
          loop,
          new Replica(
              index,
              engine,
              new OutputPlanner(seed, options.outputLenMean(), options.outputLenStddev(), options.reasoningTokens()),
              new FaultDrawer(options.faults(), seed ^ 0x5DEECE66DL, faultBudget)));
      index++;
    }
    return new SimContext(options, metrics, truth, replicas);
  }

  private static ServerBootstrap bootstrap(MultiThreadIoEventLoopGroup group, SimContext sim, SslContext tls) {
    Class<? extends ServerChannel> channelType =
        Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    return new ServerBootstrap()
        .group(group)
        .channel(channelType)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ArrayDeque<Long> arrivals = new ArrayDeque<>(2);
                if (tls != null) ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                ch.pipeline()
                    .addLast("http", new HttpServerCodec())
                    .addLast("arrival", new ArrivalStamper(arrivals))
                    .addLast("aggregate", new HttpObjectAggregator(sim.options.maxRequestBytes()))
                    .addLast("simulator", new SimHttpHandler(sim, arrivals));
              }
            });
  }

  /** The listening socket, which the refuse fault closes and reopens on the same port. */
  private static final class Listener {
    private final ServerBootstrap bootstrap;
    private final String host;
    private final int port;
    private volatile Channel channel;
    private volatile boolean closed;

    Listener(ServerBootstrap bootstrap, String host, int port, Channel channel) {
      this.bootstrap = bootstrap;
      this.host = host;
      this.port = port;
      this.channel = channel;
    }

    void refuseFor(long nanos, EventLoop timer) {
      channel.close().syncUninterruptibly();
      timer.schedule(this::reopen, nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private void reopen() {
      if (closed) {
        return;
      }
      bootstrap
          .bind(host, port)
          .addListener(
              future -> {
                if (future.isSuccess()) {
                  channel = ((io.netty.channel.ChannelFuture) future).channel();
                  if (closed) {
                    channel.close();
                  }
                } else {
                  System.err.println("simulator: cannot reopen port " + port + ": " + future.cause());
                }
              });
    }

    void close() {
      closed = true;
      channel.close().syncUninterruptibly();
    }
  }

  private static final class Running implements RunningSimulator {
    private final SimulatorOptions options;
    private final int port;
    private final SimContext sim;
    private final MultiThreadIoEventLoopGroup group;
    private final Listener listener;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    Running(SimulatorOptions options, int port, SimContext sim, MultiThreadIoEventLoopGroup group, Listener listener) {
      this.options = options;
      this.port = port;
      this.sim = sim;
      this.group = group;
      this.listener = listener;
    }

    @Override
    public int port() {
      return port;
    }

    @Override
    public String baseUrl() {
      String host = options.host();
      if (host.equals("0.0.0.0") || host.equals("::")) {
        host = "127.0.0.1";
      } else if (host.contains(":")) {
        host = "[" + host + "]";
      }
      return (options.tls() ? "https://" : "http://") + host + ":" + port;
    }

    @Override
    public SimulatorOptions options() {
      return options;
    }

    @Override
    public GroundTruth truth() {
      return sim.truth;
    }

    /** Idempotent: the shutdown hook and the caller may both close. */
    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        listener.close();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
      }
    }
  }
}
