package io.inferenceperf.bench;

import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures how many SSE token events per second the simulator serves, and how much CPU its event-loop thread
 * spends on them. A closed-loop raw Netty client (its own thread) keeps {@code --connections} streams busy, each
 * asking for {@code --tokens} tokens with ignore_eos, and counts {@code data:} events as they arrive. The server
 * runs one event-loop thread, so "events per server CPU-second" is the one-core figure.
 *
 * <pre>
 *   scripts/simulator-throughput.sh --profile zero --connections 32 --tokens 100 --seconds 10
 *   scripts/simulator-throughput.sh --profile fixed --ttft-ms 0 --itl-ms 2 --connections 200 --tokens 200
 * </pre>
 *
 * Other {@code --key value} arguments go to the simulator (any option of {@link SimulatorOptions}).
 */
public final class SimulatorThroughput {
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

  private final LongAdder events = new LongAdder();
  private final LongAdder responses = new LongAdder();
  private final FullHttpRequest request;

  private SimulatorThroughput(int tokens) {
    String body =
        "{\"model\":\"simulated-model\",\"prompt\":\"benchmark prompt of a few words\",\"max_tokens\":" + tokens
            + ",\"ignore_eos\":true,\"stream\":true}";
    ByteBuf content = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/completions", content);
    request.headers()
        .set(HttpHeaderNames.HOST, "127.0.0.1")
        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> bench = new LinkedHashMap<>(Map.of("connections", "32", "tokens", "100", "seconds", "10", "warmup", "5"));
    List<String> simulatorArgs = new ArrayList<>(List.of("--profile", "zero"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      String key = args[i].replaceFirst("^--", "");
      if (bench.containsKey(key)) {
        bench.put(key, args[i + 1]);
      } else {
        simulatorArgs.add(args[i]);
        simulatorArgs.add(args[i + 1]);
      }
    }
    SimulatorOptions options = SimulatorOptions.fromArgs(simulatorArgs).orThrow().withPort(0);
    int connections = Integer.parseInt(bench.get("connections"));
    int tokens = Integer.parseInt(bench.get("tokens"));
    new SimulatorThroughput(tokens)
        .run(options, connections, Integer.parseInt(bench.get("warmup")), Integer.parseInt(bench.get("seconds")));
  }

  private void run(SimulatorOptions options, int connections, int warmupSeconds, int seconds) throws Exception {
    try (RunningSimulator sim = Simulator.start(options)) {
      MultiThreadIoEventLoopGroup clientGroup =
          new MultiThreadIoEventLoopGroup(
              1, new DefaultThreadFactory("bench-client", true),
              Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
      try {
        Bootstrap bootstrap = client(clientGroup);
        for (int i = 0; i < connections; i++) {
          bootstrap.connect("127.0.0.1", sim.port()).sync();
        }
        Thread.sleep(warmupSeconds * 1000L);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] serverThreads =
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("simulator-io"))
                .mapToLong(Thread::threadId)
                .toArray();
        long cpuBefore = cpu(threads, serverThreads);
        long eventsBefore = events.sum();
        long responsesBefore = responses.sum();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long wallNanos = System.nanoTime() - start;
        long serverCpuNanos = cpu(threads, serverThreads) - cpuBefore;
        long eventCount = events.sum() - eventsBefore;
        long responseCount = responses.sum() - responsesBefore;
        double perSecond = eventCount / (wallNanos / 1e9);
        double serverCores = (double) serverCpuNanos / wallNanos;
        System.out.printf(
            "profile=%s engine=%s epoll=%s connections=%d tokens/request=%d tokens/event=%d%n",
            options.profile(), options.engine().mode(), Simulator.usesEpoll(), connections,
            tokensPerRequest(), options.tokensPerEvent());
        System.out.printf(
            "events/s=%.0f requests/s=%.0f server-cpu=%.2f cores events-per-server-cpu-second=%.0f%n",
            perSecond, responseCount / (wallNanos / 1e9), serverCores, eventCount / (serverCpuNanos / 1e9));
      } finally {
        clientGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
      }
    }
  }

  private int tokensPerRequest() {
    String body = request.content().toString(StandardCharsets.UTF_8);
    return Integer.parseInt(body.replaceAll(".*\"max_tokens\":(\\d+).*", "$1"));
  }

  private static long cpu(ThreadMXBean threads, long[] ids) {
    long total = 0;
    for (long id : ids) {
      total += Math.max(0, threads.getThreadCpuTime(id));
    }
    return total;
  }

  private Bootstrap client(MultiThreadIoEventLoopGroup group) {
    return new Bootstrap()
        .group(group)
        .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new StreamCounter());
              }
            });
  }

  /** Sends a request, counts the data: lines of its SSE answer, sends the next when it ends. */
  private final class StreamCounter extends SimpleChannelInboundHandler<HttpObject> {
    private int matched;
    private long dataLines;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      send(ctx.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpContent content) {
        ByteBuf bytes = content.content();
        bytes.forEachByte(
            b -> {
              matched = b == DATA[matched] ? matched + 1 : (b == DATA[0] ? 1 : 0);
              if (matched == DATA.length) {
                dataLines++;
                matched = 0;
              }
              return true;
            });
        if (msg instanceof LastHttpContent) {
          events.add(dataLines - 1); // all but data: [DONE]
          responses.increment();
          dataLines = 0;
          matched = 0;
          send(ctx.channel());
        }
      }
    }

    private void send(Channel channel) {
      channel.writeAndFlush(request.retainedDuplicate());
    }
  }
}
