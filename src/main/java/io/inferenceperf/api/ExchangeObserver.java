package io.inferenceperf.api;

import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;

/**
 * Told about every finished exchange, after its record was built (e.g. request tracing). Called on an I/O thread or
 * the token-counting thread: it must only hand the values on, never work there.
 */
public interface ExchangeObserver {

  /** Observes nothing. */
  ExchangeObserver NONE = (request, record, generatedText, finishReason) -> {};

  /**
   * @param generatedText the generated text when it was kept (a tokenizer counts it, or a session needs it), else null
   * @param finishReason the last finish or stop reason the server gave, or null
   */
  void exchanged(PreparedRequest request, RequestRecord record, String generatedText, String finishReason);

  /**
   * Just before request {@code seq} goes to the transport, on the sending thread: the request to send instead (e.g.
   * with a {@code traceparent} header); it is also the one {@link #exchanged} is told about. Must be quick.
   */
  default PreparedRequest beforeSend(PreparedRequest request, long seq, int stageId) {
    return request;
  }
}
