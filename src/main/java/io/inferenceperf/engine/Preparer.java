package io.inferenceperf.engine;

import io.inferenceperf.api.PreparedRequest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Prepares a stage's requests ahead of their send times on its own thread, in index order, into a bounded queue
 * that the pacer drains. Prompt building and JSON encoding therefore never sit between an intended send time and
 * the send.
 */
final class Preparer implements AutoCloseable {
  static final int DEFAULT_AHEAD = 2048;

  private final ArrayBlockingQueue<PreparedRequest> ready;
  private final Thread thread;
  private volatile boolean stopped;
  private volatile RuntimeException failure;

  Preparer(RequestFactory factory, int stageId, long count, int ahead) {
    this.ready = new ArrayBlockingQueue<>(Math.max(1, (int) Math.min(ahead, Math.max(count, 1))));
    this.thread =
        new Thread(
            () -> {
              try {
                for (long i = 0; i < count && !stopped; i++) {
                  PreparedRequest request = factory.prepare(stageId, i);
                  while (!stopped && !ready.offer(request, 50, TimeUnit.MILLISECONDS)) {
                    // wait for the pacer to make room
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                failure = e;
              }
            },
            "preparer-stage-" + stageId);
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits until {@code wanted} requests are ready (or the preparer is done), at most {@code maxWaitNanos}. */
  void awaitReady(int wanted, long maxWaitNanos) throws InterruptedException {
    long deadline = System.nanoTime() + maxWaitNanos;
    while (ready.size() < Math.min(wanted, ready.remainingCapacity() + ready.size())
        && thread.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }

  /** The next request in order, waiting at most {@code timeoutNanos}; null on timeout. */
  PreparedRequest next(long timeoutNanos) throws InterruptedException {
    PreparedRequest request = ready.poll();
    if (request != null) return request;
    if (failure != null) throw failure;
    request = ready.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    if (request == null && failure != null) throw failure;
    return request;
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
