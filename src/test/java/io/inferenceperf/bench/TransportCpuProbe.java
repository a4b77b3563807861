package io.inferenceperf.bench;

import io.inferenceperf.api.ApiClient;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.transport.TransportOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client CPU per request, end to end over loopback: an in-process Netty server answers every request with the
 * canned 32-token vLLM stream (36 SSE events) in one flush, and the probe sums the CPU time of the client's I/O
 * threads (ThreadMXBean) over the measured requests. Comparable to stack.md's "CPU per request, 34 events in one
 * flush". Run: {@code java -cp ... io.inferenceperf.bench.TransportCpuProbe [requests] [concurrency]}.
 */
public final class TransportCpuProbe {

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    byte[] response = VllmStreamBytes.whole(32);
    EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    Channel server = new ServerBootstrap()
        .group(serverGroup)
        .channel(EpollServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new CannedResponder(response));
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
    int port = ((java.net.InetSocketAddress) server.localAddress()).getPort();
    PreparedRequest request = new PreparedRequest("/v1/chat/completions",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":32,\"stream\":true}"
            .getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json"), "m", true, 5, true);
    try (ApiClient sender = new ApiClient(
        TransportOptions.of("http://127.0.0.1:" + port).withLoops(1, concurrency, 0), null, false)) {
      run(sender, request, Math.max(2_000, requests / 5), concurrency); // warm-up
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpuBefore = ioThreadCpu(threads);
      long wallBefore = System.nanoTime();
      int failures = run(sender, request, requests, concurrency);
      long cpu = ioThreadCpu(threads) - cpuBefore;
      long wall = System.nanoTime() - wallBefore;
      System.out.printf("requests=%d concurrency=%d failures=%d arrival clock=%s%n", requests, concurrency, failures,
          sender.transport().arrivalClock());
      System.out.printf("client I/O thread CPU per request: %.1f us; throughput %.0f req/s%n",
          cpu / 1e3 / requests, requests / (wall / 1e9));
    } finally {
      server.close().sync();
      serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private static int run(ApiClient sender, PreparedRequest request, int count, int concurrency)
      throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    CountDownLatch done = new CountDownLatch(count);
    AtomicInteger failures = new AtomicInteger();
    for (int i = 0; i < count; i++) {
      slots.acquire();
      sender.send(request, i, 0, System.nanoTime(), (RequestRecord record) -> {
        if (!record.success() || record.chunkNanos().length != 32) {
          failures.incrementAndGet();
        }
        slots.release();
        done.countDown();
      });
    }
    done.await(120, TimeUnit.SECONDS);
    return failures.get();
  }

  private static long ioThreadCpu(ThreadMXBean threads) {
    long total = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("inference-perf-io")) {
        total += threads.getThreadCpuTime(thread.threadId());
      }
    }
    return total;
  }

  /** Answers each complete request (head plus Content-Length body) with the canned response bytes. */
  private static final class CannedResponder extends ChannelInboundHandlerAdapter {
    private final ByteBuf response;
    private final StringBuilder pending = new StringBuilder();

    CannedResponder(byte[] response) {
      this.response = Unpooled.unreleasableBuffer(Unpooled.directBuffer(response.length).writeBytes(response));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      pending.append(in.toString(StandardCharsets.ISO_8859_1));
      in.release();
      while (true) {
        int headEnd = pending.indexOf("\r\n\r\n");
        if (headEnd < 0) {
          return;
        }
        int at = pending.indexOf("Content-Length: ");
        int length = Integer.parseInt(pending.substring(at + 16, pending.indexOf("\r\n", at)));
        int total = headEnd + 4 + length;
        if (pending.length() < total) {
          return;
        }
        pending.delete(0, total);
        ctx.writeAndFlush(response.duplicate());
      }
    }
  }
}
