package io.inferenceperf.engine;

import io.inferenceperf.record.PreparedRequest;
import io.inferenceperf.time.EngineClock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Prepares a stage's requests ahead of their send times on its own thread, in index order, into a bounded queue
 * that the pacer drains. Prompt building and JSON encoding therefore never sit between an intended send time and
 * the send. The pacer waits on the engine's clock; this thread wakes it only when it had to wait for a request.
 * A stopped run makes {@link #next} give up at once.
 */
final class Preparer implements RequestSource {
  static final int DEFAULT_AHEAD = 2048;
  /** How often a waiting pacer re-checks the queue should a wake-up be missed. */
  private static final long RECHECK_NANOS = 20_000_000;

  private final EngineClock clock;
  private final StopSignal stop;
  private final int capacity;
  private final ArrayBlockingQueue<PreparedRequest> ready;
  private final Thread thread;
  private volatile boolean stopped;
  private volatile boolean pacerWaiting;
  /** Set while this thread waits for the queue to drain to half: the pacer then wakes it once, not per request. */
  private volatile boolean waitingForRoom;
  private volatile RuntimeException failure;

  Preparer(EngineClock clock, StopSignal stop, RequestFactory factory, int stageId, long count, int ahead) {
    this.clock = clock;
    this.stop = stop;
    this.capacity = Math.max(1, (int) Math.min(ahead, Math.max(count, 1)));
    this.ready = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(() -> prepareAll(factory, stageId, count), "preparer-stage-" + stageId);
    thread.setDaemon(true);
    thread.start();
  }

  /** The factory of threaded preparers that keep {@code ahead} requests ready; they give up when the run stops. */
  static RequestSource.Factory threaded(EngineClock clock, StopSignal stop, int ahead) {
    return (factory, stageId, count) -> new Preparer(clock, stop, factory, stageId, count, ahead);
  }

  private void prepareAll(RequestFactory factory, int stageId, long count) {
    try {
      for (long i = 0; i < count && !stopped; i++) {
        PreparedRequest request = factory.prepare(stageId, i);
        awaitRoom();
        if (stopped || !ready.offer(request)) return;
        if (pacerWaiting) clock.wake();
      }
    } catch (RuntimeException e) {
      failure = e;
      clock.wake();
    }
  }

  /**
   * Back-pressure: when the queue is full, waits until the pacer has drained it to half, so that the pacer wakes
   * this thread once per half-queue rather than at every request it takes. (This thread is not the engine's: it
   * waits on its own, with a timeout as a safety net.)
   */
  private void awaitRoom() {
    if (ready.remainingCapacity() > 0) return;
    waitingForRoom = true;
    try {
      while (!stopped && ready.size() > capacity / 2) LockSupport.parkNanos(this, 50_000_000L);
    } finally {
      waitingForRoom = false;
    }
  }

  @Override
  public void awaitReady(int wanted, long deadlineNanos) throws InterruptedException {
    int target = Math.min(wanted, ready.remainingCapacity() + ready.size());
    while (ready.size() < target && thread.isAlive() && !stop.stopped() && clock.nanoTime() < deadlineNanos) {
      clock.awaitUntil(Math.min(deadlineNanos, clock.nanoTime() + 2_000_000));
    }
  }

  @Override
  public PreparedRequest next(long deadlineNanos) throws InterruptedException {
    while (true) {
      PreparedRequest request = ready.poll();
      if (request != null) {
        if (waitingForRoom && ready.size() <= capacity / 2) LockSupport.unpark(thread);
        return request;
      }
      if (failure != null) throw failure;
      if (stop.stopped() || clock.nanoTime() >= deadlineNanos || !thread.isAlive() && ready.isEmpty()) return null;
      pacerWaiting = true;
      try {
        if (ready.isEmpty()) clock.awaitUntil(Math.min(deadlineNanos, clock.nanoTime() + RECHECK_NANOS));
      } finally {
        pacerWaiting = false;
      }
    }
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
