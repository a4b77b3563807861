package io.inferenceperf.engine;

import io.inferenceperf.record.PreparedRequest;

/**
 * A stage's prepared requests, in index order, for the pacer. The run prepares them ahead on a thread of their own
 * ({@link Preparer}); the engine's tests script when each becomes ready, in virtual time.
 */
interface RequestSource extends AutoCloseable {

  /** Waits until {@code wanted} requests are ready (or all there will be), at most until {@code deadlineNanos}. */
  void awaitReady(int wanted, long deadlineNanos) throws InterruptedException;

  /**
   * The next request in order, waiting for it at most until {@code deadlineNanos}; null when it is not ready by
   * then or the run stopped. Throws what the request factory threw while preparing it.
   */
  PreparedRequest next(long deadlineNanos) throws InterruptedException;

  @Override
  void close();

  /** Makes the source of one stage's requests. */
  @FunctionalInterface
  interface Factory {
    RequestSource open(RequestFactory factory, int stageId, long count);
  }
}
