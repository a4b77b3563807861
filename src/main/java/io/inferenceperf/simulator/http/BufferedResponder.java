package io.inferenceperf.simulator.http;

import io.inferenceperf.simulator.engine.OutputPlan;
import io.inferenceperf.simulator.engine.Replica;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * A non-streaming response: one JSON body in vLLM's shape (or the Anthropic Messages shape), written when the last token is generated. The cut fault
 * sends the headers and half the body, then closes; the malformed fault sends half the body as a complete message.
 */
final class BufferedResponder extends Responder {

  BufferedResponder(ChannelHandlerContext ctx, SimContext sim, Replica replica, Exchange exchange, Done done) {
    super(ctx, sim, replica, exchange, done);
  }

  @Override
  protected void onStart() {
    // Nothing is sent before the whole answer is ready.
  }

  @Override
  protected void deliver(int from, int count, long nowNanos) {
    stamp(from, from + count, nowNanos, false);
    int cutAt = exchange.faults().cutAfterTokens();
    if (cutAt >= 0 && from + count >= cutAt) {
      writeCut();
    } else if (sequence.finished()) {
      writeWhole();
    }
  }

  private void writeWhole() {
    byte[] body = body(exchange.output().targetTokens());
    boolean malformed = exchange.faults().malformedAtToken() >= 0;
    ByteBuf content = Unpooled.wrappedBuffer(body, 0, malformed ? body.length / 2 : body.length);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
    headers(response, content.readableBytes());
    record(malformed ? "malformed" : "completed", System.nanoTime());
    ctx.writeAndFlush(response);
    complete(false);
  }

  private void writeCut() {
    byte[] body = body(exchange.output().targetTokens());
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    headers(head, body.length);
    record("cut", System.nanoTime());
    replica.engine().abort(sequence);
    ctx.write(head);
    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(body, 0, body.length / 2)))
        .addListener(ChannelFutureListener.CLOSE);
    complete(true);
  }

  private void headers(HttpResponse response, int contentLength) {
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, contentLength)
        .set("x-request-id", exchange.requestId());
    if (exchange.closeAfter()) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
  }

  /** The complete JSON answer as if {@code generated} tokens were produced. */
  private byte[] body(int generated) {
    OutputPlan plan = exchange.output();
    int visible = Math.min(generated, plan.visibleTokens());
    int reasoning = Math.min(plan.reasoningTokens(), visible);
    String usage =
        SseEncoder.usageJson(
            exchange.request().prompt().count(),
            generated,
            sequence.cachedTokens(),
            sim.options.promptTokensDetails());
    String head =
        "{\"id\":" + JsonText.quote(exchange.responseId()) + ",\"object\":\""
            + (exchange.request().chat() ? "chat.completion" : "text_completion") + "\",\"created\":"
            + sim.createdEpochSeconds + ",\"model\":" + JsonText.quote(exchange.model()) + ",\"choices\":[{\"index\":0,";
    String finish = ",\"logprobs\":null,\"finish_reason\":\"" + plan.finishReason() + "\",\"stop_reason\":null";
    String json;
    ToolCallOut call = exchange.toolCall();
    if (exchange.request().anthropic() && call != null) {
      json = AnthropicEncoder.toolUseBody(exchange.responseId(), exchange.model(), call, Vocabulary.text(0, visible),
          plan.finishReason(), exchange.request().prompt().count(), generated);
    } else if (call != null) {
      String reasoningJson = reasoning > 0 ? JsonText.quote(Vocabulary.text(0, reasoning)) : "null";
      String toolCall = "{\"id\":" + JsonText.quote(call.id()) + ",\"type\":\"function\",\"function\":{\"name\":"
          + JsonText.quote(call.name()) + ",\"arguments\":"
          + JsonText.quote(call.arguments(Vocabulary.text(reasoning, visible))) + "}}";
      json =
          head + "\"message\":{\"role\":\"assistant\",\"reasoning_content\":" + reasoningJson
              + ",\"content\":null,\"tool_calls\":[" + toolCall + "]},\"logprobs\":null,\"finish_reason\":\""
              + ToolCallOut.chatFinish(plan.finishReason()) + "\",\"stop_reason\":null}],\"usage\":" + usage
              + ",\"prompt_logprobs\":null}";
    } else if (exchange.request().anthropic()) {
      json = AnthropicEncoder.body(exchange.responseId(), exchange.model(), Vocabulary.text(0, visible),
          plan.finishReason(), exchange.request().prompt().count(), generated);
    } else if (exchange.request().chat()) {
      String reasoningJson = reasoning > 0 ? JsonText.quote(Vocabulary.text(0, reasoning)) : "null";
      json =
          head + "\"message\":{\"role\":\"assistant\",\"reasoning_content\":" + reasoningJson + ",\"content\":"
              + JsonText.quote(Vocabulary.text(reasoning, visible)) + ",\"tool_calls\":[]}" + finish
              + "}],\"usage\":" + usage + ",\"prompt_logprobs\":null}";
    } else {
      json =
          head + "\"text\":" + JsonText.quote(Vocabulary.text(0, visible)) + finish
              + ",\"prompt_logprobs\":null}],\"usage\":" + usage + "}";
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
