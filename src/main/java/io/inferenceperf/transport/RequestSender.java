package io.inferenceperf.transport;

import io.inferenceperf.api.PreparedRequest;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import java.util.function.Consumer;

/**
 * Sends prepared requests over HTTP and turns each exchange into a {@link RequestRecord}. Every send completes
 * exactly once through its callback, with a success or a failure record, never with an exception.
 *
 * <p>Threading: {@link #send} may be called from any thread; the actual write happens on an I/O event loop, where
 * {@code sentNanos} is taken just before the bytes are written. Callbacks run on I/O threads (or on the transport's
 * token-counting thread when a tokenizer counts the output) and must be quick.
 */
public interface RequestSender extends AutoCloseable {

  /**
   * Sends {@code request} as soon as possible.
   *
   * @param seq run-wide request index
   * @param stageId the stage the request belongs to
   * @param intendedStartNanos the schedule's send time for this request (for schedule_delay)
   * @param onComplete receives the finished record, once
   */
  void send(PreparedRequest request, long seq, int stageId, long intendedStartNanos, Consumer<RequestRecord> onComplete);

  /**
   * How long before a request's intended start {@link #send} may be called for it. A sender that returns more than
   * 0 holds a request handed over early and writes it at {@code intendedStartNanos} itself (at once when that has
   * passed), which spares the caller a precise wake-up per request. The default, 0, means send writes at once, so
   * the caller calls it at the intended time.
   */
  default long sendAheadNanos() {
    return 0;
  }

  /** Requests sent and not yet completed. */
  int inFlight();

  /**
   * Ends, with a failure of {@code kind}, every request that was handed over but never written because it was
   * still waiting for a free in-flight slot or connection; requests already on the wire are left to finish. Called
   * at a stage's end, so that no request of the stage is sent after it. The default does nothing (for senders
   * without such a queue).
   */
  default void dropWaiting(Failure.Kind kind, String message) {}

  /**
   * Ends every request still in flight now, completing each with a failure of {@code kind} (what had arrived is
   * kept in the record).
   */
  void abortInFlight(Failure.Kind kind, String message);

  @Override
  void close();
}
