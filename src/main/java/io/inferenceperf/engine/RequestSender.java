package io.inferenceperf.engine;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.record.RequestRecord;
import java.util.function.Consumer;

/**
 * Where the engine sends its requests: the API client over the transport in a run, a scripted fake in tests. Every
 * send completes exactly once through its callback, with a success or a failure record, never with an exception.
 *
 * <p>Threading: {@link #send} may be called from any thread. Callbacks run on the sender's threads and must be
 * quick; a {@link GeneratedTextCallback} also receives the text the response generated.
 */
public interface RequestSender extends AutoCloseable {

  /**
   * Sends {@code request}: at once, or, when called up to {@link #sendAheadNanos} early, at
   * {@code intendedStartNanos}.
   *
   * @param seq run-wide request index, carried into the record
   * @param stageId the stage the request belongs to, carried into the record
   * @param intendedStartNanos the schedule's send time for this request (for schedule_delay)
   * @param onComplete receives the finished record, once
   */
  void send(PreparedRequest request, long seq, int stageId, long intendedStartNanos, Consumer<RequestRecord> onComplete);

  /**
   * How long before a request's intended start {@link #send} may be called for it. A sender that returns more than
   * 0 holds a request handed over early and writes it at {@code intendedStartNanos} itself (at once when that has
   * passed), which spares the caller a precise wake-up per request. The default, 0, means send writes at once.
   */
  default long sendAheadNanos() {
    return 0;
  }

  /**
   * Ends, with {@code failure}, every request that was handed over but not written yet because it is still waiting
   * for a free in-flight slot or connection; requests already on the wire are left to finish. The default does
   * nothing (for senders without such a queue).
   */
  default void dropWaiting(Failure failure) {}

  /**
   * Delivers, on the calling thread, the {@link DeferrableCompletion}s the sender has collected since the last call:
   * the recorder thread calls this on its own tick, so that a sender needs no tick (no thread that wakes) of its own
   * to deliver them. A sender must still deliver them by itself, later, should nobody call this. The default does
   * nothing (senders that deliver every completion at once).
   */
  default void collectDeferred() {}

  /** Ends every request handed over and not completed yet with {@code failure}; what had arrived is kept. */
  void abortInFlight(Failure failure);

  @Override
  void close();
}
