package io.inferenceperf.simulator;

import io.inferenceperf.simulator.engine.BatchingEngine;
import io.inferenceperf.simulator.engine.Engine;
import io.inferenceperf.simulator.engine.FaultDrawer;
import io.inferenceperf.simulator.engine.FixedEngine;
import io.inferenceperf.simulator.engine.OutputPlanner;
import io.inferenceperf.simulator.engine.PrefixCache;
import io.inferenceperf.simulator.engine.Replica;
import io.inferenceperf.simulator.http.HttpListener;
import io.inferenceperf.simulator.http.SimContext;
import io.inferenceperf.simulator.http.Warmup;
import io.inferenceperf.simulator.metrics.GroundTruth;
import io.inferenceperf.simulator.metrics.ServerMetrics;
import io.inferenceperf.simulator.options.EngineOptions;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
      HttpListener listener = HttpListener.bind(group, sim);
      if (options.faults().refuseForMs() > 0) {
        listener.refuseFor(FaultDrawer.millisToNanos(options.faults().refuseForMs()), group.next());
        sim.truth().fault("refuse_window");
      }
      return new Running(options, sim.truth(), group, listener);
    } catch (Exception e) { // Netty rethrows the bind's IOException undeclared
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
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

  /** One engine replica per event loop, each with its own seeded generators; shared metrics and truth. */
  private static SimContext context(SimulatorOptions options, MultiThreadIoEventLoopGroup group) {
    GroundTruth truth = new GroundTruth(options.truthRecentRequests());
    List<Engine> engines = new ArrayList<>();
    ServerMetrics metrics = new ServerMetrics(engines, options.maxModelLen());
    Map<EventLoop, Replica> replicas = new IdentityHashMap<>();
    long budget = options.faults().maxCount() == 0 ? Long.MAX_VALUE : options.faults().maxCount();
    AtomicLong faultBudget = new AtomicLong(budget);
    AtomicLong faultArrivals = new AtomicLong();
    int index = 0;
    for (EventExecutor executor : group) {
      EventLoop loop = (EventLoop) executor;
      EngineOptions e = options.engine();
      PrefixCache cache = e.prefixCaching() ? new PrefixCache(e.prefixBlockTokens(), e.prefixCacheTokens()) : null;
      Engine engine =
          e.mode() == EngineOptions.Mode.FIXED
              ? new FixedEngine(loop, e, cache)
              : new BatchingEngine(loop, e, cache, metrics::observeIteration);
      engines.add(engine);
      long seed = options.seed() + 1_000_003L * index;
      replicas.put(
          loop,
          new Replica(
              index,
              engine,
              new OutputPlanner(seed, options.outputLenMean(), options.outputLenStddev(), options.reasoningTokens()),
              new FaultDrawer(options.faults(), seed ^ 0x5DEECE66DL, faultBudget, faultArrivals)));
      index++;
    }
    return new SimContext(options, metrics, truth, replicas);
  }

  private static final class Running implements RunningSimulator {
    private final SimulatorOptions options;
    private final GroundTruth truth;
    private final MultiThreadIoEventLoopGroup group;
    private final HttpListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();

    Running(SimulatorOptions options, GroundTruth truth, MultiThreadIoEventLoopGroup group, HttpListener listener) {
      this.options = options;
      this.truth = truth;
      this.group = group;
      this.listener = listener;
    }

    @Override
    public int port() {
      return listener.port();
    }

    @Override
    public String baseUrl() {
      String host = options.host();
      if (host.equals("0.0.0.0") || host.equals("::")) {
        host = "127.0.0.1";
      } else if (host.contains(":")) {
        host = "[" + host + "]";
      }
      return (options.tls() ? "https://" : "http://") + host + ":" + port();
    }

    @Override
    public SimulatorOptions options() {
      return options;
    }

    @Override
    public GroundTruth truth() {
      return truth;
    }

    /** Idempotent: the shutdown hook and the caller may both close. */
    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        listener.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      }
    }
  }
}
