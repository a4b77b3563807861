package io.inferenceperf.simulator.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Routes the requests of one connection, one at a time: HTTP/1.1 pipelined requests wait until the response before
 * them is complete. Lives on the connection's event loop.
 */
final class SimHttpHandler extends ChannelInboundHandlerAdapter implements Responder.Done {

  private record Queued(FullHttpRequest request, long arrivalNanos) {}

  private final SimContext sim;
  private final ArrayDeque<Long> arrivals;
  private final ArrayDeque<Queued> queued = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private CompletionRoute completions;
  private boolean busy;
  private Responder current;

  SimHttpHandler(SimContext sim, ArrayDeque<Long> arrivals) {
    this.sim = sim;
    this.arrivals = arrivals;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
    this.completions = new CompletionRoute(sim, sim.replicaFor(context.channel().eventLoop()));
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    Long arrival = arrivals.pollFirst();
    long arrivalNanos = arrival == null ? System.nanoTime() : arrival;
    if (busy) {
      queued.addLast(new Queued(request, arrivalNanos));
    } else {
      handle(request, arrivalNanos);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    if (current != null) {
      current.connectionLost();
    }
    queued.forEach(q -> q.request().release());
    queued.clear();
    context.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    context.close(); // e.g. connection reset by the client; the response (if any) is aborted in channelInactive
  }

  @Override
  public void responseDone(boolean closeConnection) {
    current = null;
    busy = false;
    if (closeConnection) {
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (!queued.isEmpty()) {
      Queued next = queued.pollFirst();
      ctx.executor().execute(() -> handle(next.request(), next.arrivalNanos()));
    }
  }

  private void handle(FullHttpRequest request, long arrivalNanos) {
    busy = true;
    try {
      if (!request.decoderResult().isSuccess()) {
        simple(HttpResponseStatus.BAD_REQUEST, Responses.detail("malformed HTTP request"), Responses.JSON, true);
        return;
      }
      route(request, arrivalNanos);
    } finally {
      request.release();
    }
  }

  private void route(FullHttpRequest request, long arrivalNanos) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path = uri.path();
    HttpMethod method = request.method();
    boolean close = !HttpUtil.isKeepAlive(request);
    switch (path) {
      case "/v1/completions", "/v1/chat/completions", "/v1/messages" -> {
        if (expect(method, HttpMethod.POST, close)) {
          Responder responder =
              completions.handle(ctx, request, path, !path.equals("/v1/completions"), arrivalNanos, this);
          current = responder == null || responder.finished ? null : responder;
        }
      }
      case "/v1/models" -> get(method, close, () -> InfoRoutes.models(sim), Responses.JSON);
      case "/health" -> get(method, close, () -> new byte[0], null);
      case "/version" -> get(method, close, InfoRoutes::version, Responses.JSON);
      case "/metrics" -> get(method, close, () -> InfoRoutes.metrics(sim), Responses.PROMETHEUS_TEXT);
      case "/debug/truth" -> get(method, close, () -> InfoRoutes.truth(sim), Responses.JSON);
      case "/debug/truth/requests" ->
          get(method, close, () -> InfoRoutes.recentRequests(sim, limit(uri)), Responses.JSON);
      case "/debug/truth/reset" -> {
        if (expect(method, HttpMethod.POST, close)) {
          sim.truth.reset();
          simple(HttpResponseStatus.OK, "{\"reset\":true}".getBytes(), Responses.JSON, close);
        }
      }
      default -> simple(HttpResponseStatus.NOT_FOUND, Responses.detail("Not Found"), Responses.JSON, close);
    }
  }

  private interface Body {
    byte[] get();
  }

  private void get(HttpMethod method, boolean close, Body body, String contentType) {
    if (expect(method, HttpMethod.GET, close)) {
      simple(HttpResponseStatus.OK, body.get(), contentType, close);
    }
  }

  private boolean expect(HttpMethod actual, HttpMethod wanted, boolean close) {
    if (actual.equals(wanted)) {
      return true;
    }
    simple(HttpResponseStatus.METHOD_NOT_ALLOWED, Responses.detail("Method Not Allowed"), Responses.JSON, close);
    return false;
  }

  private void simple(HttpResponseStatus status, byte[] body, String contentType, boolean close) {
    Responses.send(ctx, status, contentType, body, close);
    responseDone(close);
  }

  private static int limit(QueryStringDecoder uri) {
    List<String> values = uri.parameters().get("limit");
    try {
      return values == null ? Integer.MAX_VALUE : Math.max(0, Integer.parseInt(values.get(0)));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
