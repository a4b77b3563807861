package io.inferenceperf.simulator.http;

import io.inferenceperf.simulator.engine.OutputPlan;
import io.inferenceperf.simulator.engine.Replica;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * An SSE response in vLLM's shape (or the Anthropic Messages shape, through {@link AnthropicEncoder}): headers at once; for chat, the role prelude just before the first token (vLLM
 * sends it with the first engine output); one event per {@code tokens_per_event} tokens (reasoning and content
 * never share an event); the finish reason on the event of the last token (for "stop", an empty-text event for the
 * end-of-sequence token); then the usage chunk if asked for, and {@code data: [DONE]}. Everything generated at one
 * instant is written with one flush, and its write time is what the ground truth records.
 */
final class StreamingResponder extends Responder {
  private final StreamEncoder encoder;
  private final int tokensPerEvent;
  private final OutputPlan plan;
  private boolean preludeSent;
  private int pendingFrom;
  private int pendingCount;
  private boolean pendingReasoning;
  private int writtenUpTo;
  private boolean malformedSent;

  StreamingResponder(ChannelHandlerContext ctx, SimContext sim, Replica replica, Exchange exchange, Done done) {
    super(ctx, sim, replica, exchange, done);
    this.encoder = exchange.request().anthropic()
        ? new AnthropicEncoder(exchange.responseId(), exchange.model(), exchange.request().prompt().count(),
            exchange.toolCall())
        : new SseEncoder(exchange.request().chat(), exchange.responseId(), sim.createdEpochSeconds, exchange.model(),
            exchange.toolCall());
    this.tokensPerEvent = sim.options.tokensPerEvent();
    this.plan = exchange.output();
  }

  @Override
  protected void onStart() {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
        .set("x-request-id", exchange.requestId());
    if (exchange.closeAfter()) {
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.writeAndFlush(head);
  }

  @Override
  protected void deliver(int from, int count, long nowNanos) {
    int target = plan.targetTokens();
    int cutAt = exchange.faults().cutAfterTokens();
    int end = from + count;
    boolean cut = cutAt >= 0 && end >= cutAt;
    if (cut) {
      end = Math.max(from, cutAt);
    }
    boolean last = !cut && end == target;
    int writtenBefore = writtenUpTo;
    ByteBuf out = ctx.alloc().buffer(256 + (end - from) * 192);
    if (!preludeSent && end > from) {
      encoder.writePrelude(out);
      preludeSent = true;
    }
    for (int i = from; i < end; i++) {
      add(i, out);
    }
    if (last) {
      writeEvent(out, plan.finishReason());
      writtenUpTo = target;
      encoder.writeEnd(out, new StreamEncoder.EndOfStream(plan.finishReason(), exchange.request().prompt().count(),
          sequence.generated(), sequence.cachedTokens(), exchange.request().includeUsage(),
          sim.options.promptTokensDetails()));
    } else if (cut && pendingCount > 0) {
      writeEvent(out, null);
    }
    long writeNanos = System.nanoTime();
    stamp(writtenBefore, writtenUpTo, writeNanos, true); // bookkeeping first: a fast client must find it recorded
    if (last) {
      record(malformedSent ? "malformed" : "completed", writeNanos);
      ctx.writeAndFlush(new DefaultLastHttpContent(out));
      complete(false);
    } else if (cut) {
      record("cut", writeNanos);
      replica.engine().abort(sequence);
      if (out.isReadable()) {
        ctx.writeAndFlush(new DefaultHttpContent(out));
      } else {
        out.release();
      }
      ctx.channel().close();
      complete(true);
    } else if (out.isReadable()) {
      ctx.writeAndFlush(new DefaultHttpContent(out));
    } else {
      out.release();
    }
  }

  /** Adds token {@code index} to the pending event, writing events as they fill. */
  private void add(int index, ByteBuf out) {
    boolean eos = plan.endsWithEos() && index == plan.targetTokens() - 1;
    if (eos) {
      return; // carries no text; the final event (with the finish reason) stands for it
    }
    boolean reasoning = plan.isReasoning(index);
    if (pendingCount > 0 && (reasoning != pendingReasoning || pendingCount == tokensPerEvent)) {
      writeEvent(out, null);
    }
    if (pendingCount == 0) {
      pendingFrom = index;
      pendingReasoning = reasoning;
    }
    pendingCount++;
    if (pendingCount == tokensPerEvent && index != plan.targetTokens() - 1) {
      writeEvent(out, null);
    }
  }

  /** Writes the pending tokens as one event (with no pending tokens: an empty final event). */
  private void writeEvent(ByteBuf out, String finishReason) {
    int from = pendingCount > 0 ? pendingFrom : writtenUpTo;
    int malformedAt = exchange.faults().malformedAtToken();
    if (malformedAt >= from && malformedAt < from + Math.max(1, pendingCount)) {
      encoder.writeMalformed(out);
      malformedSent = true;
    } else {
      encoder.writeTokens(out, from, pendingCount, pendingCount > 0 && pendingReasoning, finishReason);
    }
    writtenUpTo = from + pendingCount;
    pendingCount = 0;
  }
}
