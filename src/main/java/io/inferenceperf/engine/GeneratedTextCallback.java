package io.inferenceperf.engine;

import io.inferenceperf.record.GeneratedOutput;
import io.inferenceperf.record.RequestRecord;
import java.util.function.Consumer;

/**
 * A completion callback that also wants the response's generated text, to carry a multi-turn conversation on.
 * Passing one to {@link RequestSender#send} makes the sender keep that request's text (other requests keep none)
 * and complete it through {@link #complete} instead of {@link #accept}.
 */
public interface GeneratedTextCallback extends Consumer<RequestRecord> {

  /**
   * The finished record with the text generated (reasoning then content, as received); the text is empty when
   * nothing was generated and may be partial when the request failed.
   */
  void complete(RequestRecord record, String generatedText);

  /**
   * The finished record with everything generated: the text and the tool calls (which senders that keep none leave
   * empty). The default passes the text on.
   */
  default void complete(RequestRecord record, GeneratedOutput output) {
    complete(record, output.text());
  }

  @Override
  default void accept(RequestRecord record) {
    complete(record, "");
  }
}
