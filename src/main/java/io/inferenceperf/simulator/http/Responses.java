package io.inferenceperf.simulator.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Complete (non-streaming) HTTP responses: JSON, text and OpenAI-style errors. */
final class Responses {
  static final String JSON = "application/json";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private Responses() {}

  static ChannelFuture send(
      ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, byte[] body, boolean close) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (contentType != null) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    if (close) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    if (status.code() == 429 || status.code() == 503) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
    }
    return ctx.writeAndFlush(response);
  }

  /** The error body vLLM's OpenAI server sends: {"error": {message, type, param, code}}. */
  static byte[] error(HttpResponseStatus status, String message, String param) {
    String type =
        switch (status.code()) {
          case 400 -> "BadRequestError";
          case 404 -> "NotFoundError";
          case 429 -> "RateLimitError";
          case 503 -> "ServiceUnavailableError";
          default -> "InternalServerError";
        };
    String json =
        "{\"error\":{\"message\":" + JsonText.quote(message) + ",\"type\":\"" + type + "\",\"param\":"
            + (param == null ? "null" : JsonText.quote(param)) + ",\"code\":" + status.code() + "}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** FastAPI's body for an unknown path or method: {"detail": "..."}. */
  static byte[] detail(String detail) {
    return ("{\"detail\":" + JsonText.quote(detail) + "}").getBytes(StandardCharsets.UTF_8);
  }
}
