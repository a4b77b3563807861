package io.inferenceperf.simulator.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The listening socket and each connection's pipeline (TLS if configured, HTTP codec, arrival stamp, aggregator,
 * router). The refuse fault closes the socket and reopens it on the same port later.
 */
public final class HttpListener {
  private final ServerBootstrap bootstrap;
  private final String host;
  private final int port;
  private volatile Channel channel;
  private volatile boolean closed;

  private HttpListener(ServerBootstrap bootstrap, String host, int port, Channel channel) {
    this.bootstrap = bootstrap;
    this.host = host;
    this.port = port;
    this.channel = channel;
  }

  /**
   * Binds the configured host and port on {@code group} (epoll when available, else NIO) and serves {@code sim}.
   * Netty rethrows the bind's IOException undeclared; a bad TLS key store is an IllegalArgumentException.
   */
  public static HttpListener bind(EventLoopGroup group, SimContext sim) {
    ServerBootstrap bootstrap = bootstrap(group, sim, SimulatorTls.serverContext(sim.options));
    Channel server = bootstrap.bind(sim.options.host(), sim.options.port()).syncUninterruptibly().channel();
    int port = ((InetSocketAddress) server.localAddress()).getPort();
    return new HttpListener(bootstrap, sim.options.host(), port, server);
  }

  /** The bound TCP port. */
  public int port() {
    return port;
  }

  /** Closes the socket now (connections are refused) and reopens it after {@code nanos}, timed on {@code timer}. */
  public void refuseFor(long nanos, EventLoop timer) {
    channel.close().syncUninterruptibly();
    timer.schedule(this::reopen, nanos, TimeUnit.NANOSECONDS);
  }

  public void close() {
    closed = true;
    channel.close().syncUninterruptibly();
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
                channel = ((ChannelFuture) future).channel();
                if (closed) {
                  channel.close();
                }
              } else {
                System.err.println("simulator: cannot reopen port " + port + ": " + future.cause());
              }
            });
  }

  private static ServerBootstrap bootstrap(EventLoopGroup group, SimContext sim, SslContext tls) {
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
}
