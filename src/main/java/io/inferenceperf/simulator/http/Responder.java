package io.inferenceperf.simulator.http;

import io.inferenceperf.simulator.engine.Replica;
import io.inferenceperf.simulator.engine.Sequence;
import io.inferenceperf.simulator.engine.TokenSink;
import io.inferenceperf.simulator.metrics.RequestTruth;
import io.inferenceperf.simulator.metrics.ServerMetrics;
import io.netty.channel.ChannelHandlerContext;
import java.util.Arrays;

/**
 * Turns one request's engine progress into an HTTP response and records the truth and metrics about it. Subclasses
 * decide the wire format (SSE or one JSON body). Lives on the channel's event loop, which is also its engine's.
 */
abstract class Responder implements TokenSink {

  /** Tells the connection handler that the response is over. */
  interface Done {
    void responseDone(boolean closeConnection);
  }

  protected final ChannelHandlerContext ctx;
  protected final SimContext sim;
  protected final Replica replica;
  protected final Exchange exchange;
  private final Done done;
  protected Sequence sequence;
  protected boolean finished;
  private long admittedNanos = -1;
  private long firstGenerationNanos = -1;
  private long lastGenerationNanos = -1;
  private long[] tokenTimes = new long[16];
  private int stampedTokens;
  private long firstTokenWriteNanos = -1;
  private long firstContentWriteNanos = -1;
  private long lastStampNanos = -1;

  Responder(ChannelHandlerContext ctx, SimContext sim, Replica replica, Exchange exchange, Done done) {
    this.ctx = ctx;
    this.sim = sim;
    this.replica = replica;
    this.exchange = exchange;
    this.done = done;
  }

  /** Sends what goes before the tokens (headers, for SSE) and hands the request to the engine. */
  final void start() {
    if (!ctx.channel().isActive()) {
      finish("aborted", System.nanoTime(), true);
      return;
    }
    onStart();
    sequence =
        new Sequence(
            exchange.request().prompt(),
            exchange.output(),
            exchange.faults(),
            this,
            exchange.arrivalNanos() + exchange.faults().slowHeadersNanos());
    replica.engine().submit(sequence);
  }

  /** The client went away. */
  final void connectionLost() {
    if (!finished) {
      if (sequence != null) {
        replica.engine().abort(sequence);
      }
      finish("aborted", System.nanoTime(), true);
    }
  }

  @Override
  public final void onAdmitted(Sequence s, long nowNanos) {
    admittedNanos = nowNanos;
    int prompt = s.prompt().count();
    sim.truth.admitted(nowNanos - exchange.arrivalNanos(), prompt, s.cachedTokens());
    sim.metrics.observeAdmission(prompt, s.cachedTokens());
  }

  @Override
  public final void onTokens(Sequence s, int fromIndex, int count, long nowNanos) {
    if (finished) {
      return;
    }
    boolean first = lastGenerationNanos < 0;
    sim.metrics.observeTokens(1, nowNanos - lastGenerationNanos, first);
    for (int i = 1; i < count; i++) {
      sim.metrics.observeTokens(1, 0, false);
    }
    sim.truth.tokensGenerated(count);
    if (first) {
      firstGenerationNanos = nowNanos;
    }
    lastGenerationNanos = nowNanos;
    deliver(fromIndex, count, nowNanos);
  }

  /** Writes response headers or anything else due before the first token. */
  protected abstract void onStart();

  /** Tokens {@code [from, from + count)} were generated at {@code nowNanos}. */
  protected abstract void deliver(int from, int count, long nowNanos);

  /**
   * Records that the text-carrying tokens among {@code [from, to)} reached the wire (or, without streaming, were
   * generated) at {@code nanos}.
   *
   * @param latencies feed the TTFT and ITL histograms (streaming only)
   */
  protected final void stamp(int from, int to, long nanos, boolean latencies) {
    int visibleEnd = Math.min(to, exchange.output().visibleTokens());
    boolean any = false;
    boolean content = false;
    for (int i = from; i < visibleEnd; i++) {
      if (latencies && (any || lastStampNanos >= 0)) {
        sim.truth.tokenGap(any ? 0 : nanos - lastStampNanos); // tokens sharing a write are 0 apart
      }
      any = true;
      content |= !exchange.output().isReasoning(i);
      if (stampedTokens < RequestTruth.MAX_TOKEN_TIMES) {
        if (stampedTokens == tokenTimes.length) {
          tokenTimes = Arrays.copyOf(tokenTimes, Math.min(tokenTimes.length * 2, RequestTruth.MAX_TOKEN_TIMES));
        }
        tokenTimes[stampedTokens++] = nanos;
      }
    }
    if (!any) {
      return;
    }
    lastStampNanos = nanos;
    if (firstTokenWriteNanos < 0) {
      firstTokenWriteNanos = nanos;
      if (latencies) {
        sim.truth.firstToken(nanos - exchange.arrivalNanos());
      }
    }
    if (content && firstContentWriteNanos < 0) {
      firstContentWriteNanos = nanos;
      if (latencies) {
        sim.truth.firstContent(nanos - exchange.arrivalNanos());
      }
    }
  }

  /**
   * Ends the exchange: records truth and metrics, then tells the handler.
   *
   * @param outcome completed, malformed, cut or aborted
   */
  protected final void finish(String outcome, long endNanos, boolean closeConnection) {
    if (!finished) {
      record(outcome, endNanos);
      complete(closeConnection);
    }
  }

  /**
   * Records the end of the exchange in the truth and metrics. Called just before the last write, so that a client
   * that has read the whole response always finds it recorded.
   */
  protected final void record(String outcome, long endNanos) {
    finished = true;
    int generated = sequence == null ? 0 : sequence.generated();
    boolean normal = outcome.equals("completed") || outcome.equals("malformed");
    if (normal) {
      sim.metrics.observeFinished(
          new ServerMetrics.RequestTiming(
              exchange.arrivalNanos(),
              admittedNanos,
              firstGenerationNanos,
              lastGenerationNanos,
              exchange.request().prompt().count(),
              generated,
              exchange.maxTokensParam(sim.options.maxModelLen() - exchange.request().prompt().count()),
              exchange.output().finishReason()),
          sequence.cachedTokens());
    } else if (sequence != null) {
      sim.metrics.observeAborted();
    }
    sim.truth.finished(
        new RequestTruth(
            exchange.requestId(),
            exchange.route(),
            exchange.request().stream(),
            200,
            outcome,
            exchange.arrivalNanos(),
            admittedNanos,
            firstTokenWriteNanos,
            firstContentWriteNanos,
            endNanos,
            Arrays.copyOf(tokenTimes, stampedTokens),
            exchange.request().prompt().count(),
            sequence == null ? 0 : sequence.cachedTokens(),
            generated,
            normal ? exchange.output().finishReason() : null,
            exchange.faults().names(),
            exchange.request().media()));
  }

  /** Tells the handler the response is over (after its last write). */
  protected final void complete(boolean closeConnection) {
    done.responseDone(closeConnection || exchange.closeAfter());
  }

  /** The usage object for this response. */
  protected final String usageJson() {
    return SseEncoder.usageJson(
        exchange.request().prompt().count(),
        sequence.generated(),
        sequence.cachedTokens(),
        sim.options.promptTokensDetails());
  }
}
