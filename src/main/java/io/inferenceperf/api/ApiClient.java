package io.inferenceperf.api;

import io.inferenceperf.engine.DeferrableCompletion;
import io.inferenceperf.engine.GeneratedTextCallback;
import io.inferenceperf.engine.RequestSender;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.GeneratedOutput;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.tokenizer.Tokenizer;
import io.inferenceperf.transport.Transport;
import io.inferenceperf.transport.TransportOptions;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link RequestSender} for OpenAI-compatible servers: each request goes over the {@link Transport}
 * with a {@link ResponseAssembler} listening, and its record is handed to the engine when the exchange is over.
 *
 * <p>Token counting: without a tokenizer every token-carrying chunk counts one token and the record is delivered on
 * the I/O thread. With one, the finished exchange goes to a few counting threads, where chunk texts are counted and
 * the record is then delivered: tokenization never delays reads of other requests on the same loop. An open loop's
 * exchanges ({@link DeferrableCompletion}) wait in a queue for the engine's recorder tick ({@link #collectDeferred}),
 * backed up by those threads' own, so that no I/O thread wakes another per request; the rest (a closed loop waits
 * for them) wake a counting thread at once.
 */
public final class ApiClient implements RequestSender {
  private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);

  private final Transport transport;
  private final Tokenizer tokenizer;
  private final boolean keepBodies;
  private final CountingThreads counting;
  private final ExchangeObserver observer;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * Starts the transport's event loops; throws IllegalArgumentException for an unusable base URL.
   *
   * @param tokenizer counts generated tokens per chunk and in total, off the I/O threads; null = one per chunk
   * @param keepBodies keep the raw request and response text in each record (per-request output)
   */
  public ApiClient(TransportOptions transportOptions, Tokenizer tokenizer, boolean keepBodies) {
    this(transportOptions, tokenizer, keepBodies, ExchangeObserver.NONE);
  }

  /** As above, telling {@code observer} about every finished exchange (e.g. to trace it). */
  public ApiClient(TransportOptions transportOptions, Tokenizer tokenizer, boolean keepBodies,
      ExchangeObserver observer) {
    this.transport = Transport.open(transportOptions);
    this.tokenizer = tokenizer;
    this.keepBodies = keepBodies;
    this.observer = observer;
    this.counting = tokenizer == null ? null : new CountingThreads(countingThreads(), "inference-perf-token-count-");
  }

  /** The transport underneath (for its statistics and its clock). */
  public Transport transport() {
    return transport;
  }

  @Override
  public void send(
      PreparedRequest request, long seq, int stageId, long intendedStartNanos, Consumer<RequestRecord> onComplete) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(onComplete, "onComplete");
    if (observer != ExchangeObserver.NONE) request = observer.beforeSend(request, seq, stageId); // off: no cost
    boolean keepTexts = tokenizer != null || onComplete instanceof GeneratedTextCallback;
    ResponseAssembler assembler = new ResponseAssembler(request, seq, stageId, intendedStartNanos, keepBodies,
        keepTexts, done -> deliver(done, onComplete));
    if (onComplete instanceof GeneratedTextCallback) {
      assembler.keepToolCalls(); // only requests whose output is carried on pay for it
    }
    inFlight.incrementAndGet();
    transport.send(request.path(), request.headers(), request.body(), intendedStartNanos, assembler);
  }

  @Override
  public long sendAheadNanos() {
    return transport.sendAheadNanos();
  }

  /** Counts and delivers, on the calling thread (the engine's recorder tick), what waits for a counting thread. */
  @Override
  public void collectDeferred() {
    if (counting != null) counting.collect();
  }

  /** Requests sent whose records have not been delivered yet. */
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void dropWaiting(Failure failure) {
    transport.dropWaiting(failure);
  }

  @Override
  public void abortInFlight(Failure failure) {
    transport.abortInFlight(failure);
  }

  /** Aborts what is in flight, closes the connections and stops the threads; records still counting are delivered. */
  @Override
  public void close() {
    transport.close();
    if (counting == null) return;
    try {
      counting.close(TimeUnit.SECONDS.toNanos(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** On the I/O thread, once the exchange is over: the record is built here or on the counting executor. */
  private void deliver(ResponseAssembler assembler, Consumer<RequestRecord> onComplete) {
    if (counting == null) {
      emit(assembler, assembler.toRecord(null), onComplete);
      return;
    }
    Runnable count = () -> emit(assembler, countedRecord(assembler), onComplete);
    boolean handedOver = onComplete instanceof DeferrableCompletion ? counting.later(count) : counting.now(count);
    if (!handedOver) count.run(); // closed: count here
  }

  private RequestRecord countedRecord(ResponseAssembler assembler) {
    try {
      return assembler.toRecord(tokenizer);
    } catch (RuntimeException tokenizerFailed) {
      LOG.warn("tokenizer {} failed to count a response; counting chunks instead", tokenizer.name(),
          tokenizerFailed);
      return assembler.toRecord(null);
    }
  }

  private void emit(ResponseAssembler assembler, RequestRecord record, Consumer<RequestRecord> onComplete) {
    boolean wantsText = observer != ExchangeObserver.NONE || onComplete instanceof GeneratedTextCallback;
    String text = wantsText ? assembler.generatedText() : null; // null unless texts were kept; joined once
    if (observer != ExchangeObserver.NONE) {
      try {
        observer.exchanged(assembler.request(), record, text, assembler.finishReason());
      } catch (RuntimeException observerFailed) {
        LOG.warn("observing request {} failed", record.seq(), observerFailed);
      }
    }
    try {
      if (onComplete instanceof GeneratedTextCallback withText) {
        withText.complete(record, new GeneratedOutput(text, assembler.toolCalls()));
      } else {
        onComplete.accept(record);
      }
    } catch (Throwable callbackFailed) {
      LOG.error("request completion callback failed for request {}", record.seq(), callbackFailed);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static int countingThreads() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
  }
}
