package io.inferenceperf.simulator.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayDeque;

/**
 * Sits between the HTTP decoder and the aggregator and notes the time each request head was decoded, which is the
 * server's "arrival" (before the body is read, so it is as close as possible to when the client started sending).
 */
final class ArrivalStamper extends ChannelInboundHandlerAdapter {
  private final ArrayDeque<Long> arrivals;

  ArrivalStamper(ArrayDeque<Long> arrivals) {
    this.arrivals = arrivals;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      arrivals.addLast(System.nanoTime());
    }
    ctx.fireChannelRead(msg);
  }
}
