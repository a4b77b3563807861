package io.inferenceperf.api;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that count tokens of finished exchanges, off the I/O threads. Work handed over with {@link #later} waits
 * in a lock-free queue until the next {@link #collect} by another thread's tick (the engine's recorder collects on its
 * own) or a counting thread's next look: an I/O thread pays no wake-up of another thread per request, which on a VM
 * costs tens of microseconds. While a collector comes by, the counting threads only back it up on a long tick
 * ({@value #BACKUP_TICK_NANOS} ns) and help when it finds more than it can count in one go; without one they look
 * every {@value #TICK_NANOS} ns. Work handed over with {@link #now} (a closed loop waits for it) unparks a thread.
 */
final class CountingThreads {
  private static final Logger LOG = LoggerFactory.getLogger(CountingThreads.class);
  static final long TICK_NANOS = 10_000_000L;
  /** A counting thread's tick while a collector came by within {@link #COLLECTOR_GONE_NANOS}. */
  static final long BACKUP_TICK_NANOS = 100_000_000L;
  /** After this long without a {@link #collect}, the threads look on their own short tick again. */
  static final long COLLECTOR_GONE_NANOS = 300_000_000L;
  /** How long one {@link #collect} counts before it leaves the rest to the counting threads (woken then). */
  static final long COLLECT_BUDGET_NANOS = 5_000_000L;

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final long tickNanos;
  private final Thread[] threads;
  private final AtomicInteger nextToWake = new AtomicInteger();
  private volatile boolean closing;
  /** When {@link #collect} last ran, and whether it ever did. */
  private volatile long lastCollectNanos;
  private volatile boolean collected;

  CountingThreads(int count, String namePrefix) {
    this(count, namePrefix, TICK_NANOS);
  }

  /** With {@code tickNanos} between an idle thread's looks (tests use a long one). */
  CountingThreads(int count, String namePrefix, long tickNanos) {
    this.tickNanos = tickNanos;
    threads = new Thread[count];
    for (int i = 0; i < count; i++) {
      threads[i] = new Thread(this::loop, namePrefix + i);
      threads[i].setDaemon(true);
      threads[i].start();
    }
  }

  /** Runs {@code task} at a thread's next look; false once closed (the caller runs it itself). */
  boolean later(Runnable task) {
    if (closing) return false;
    queue.add(task);
    return true;
  }

  /** Runs {@code task} as soon as a thread can; false once closed. */
  boolean now(Runnable task) {
    if (!later(task)) return false;
    LockSupport.unpark(threads[Math.floorMod(nextToWake.getAndIncrement(), threads.length)]);
    return true;
  }

  /**
   * Runs queued work on the calling thread, for up to {@value #COLLECT_BUDGET_NANOS} ns; should more be left, wakes
   * the counting threads to run it. While this is called often, the counting threads stay asleep.
   */
  void collect() {
    long start = System.nanoTime();
    lastCollectNanos = start;
    collected = true;
    Runnable task;
    while ((task = queue.poll()) != null) {
      runSafely(task);
      if (System.nanoTime() - start > COLLECT_BUDGET_NANOS && !queue.isEmpty()) {
        for (Thread thread : threads) LockSupport.unpark(thread);
        return;
      }
    }
  }

  /** Runs what is queued, then stops the threads (waiting up to {@code timeoutNanos}). */
  void close(long timeoutNanos) throws InterruptedException {
    closing = true;
    long deadline = System.nanoTime() + timeoutNanos;
    for (Thread thread : threads) LockSupport.unpark(thread);
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left > 0) TimeUnit.NANOSECONDS.timedJoin(thread, left);
    }
    drain(); // whatever a thread that did not stop in time left behind
  }

  private void loop() {
    while (true) {
      boolean lastLook = closing; // read before draining: work queued before closing is run
      drain();
      if (lastLook) return;
      LockSupport.parkNanos(this, collectorActive() ? Math.max(tickNanos, BACKUP_TICK_NANOS) : tickNanos);
    }
  }

  private boolean collectorActive() {
    return collected && System.nanoTime() - lastCollectNanos < COLLECTOR_GONE_NANOS;
  }

  private void drain() {
    Runnable task;
    while ((task = queue.poll()) != null) runSafely(task);
  }

  private static void runSafely(Runnable task) {
    try {
      task.run();
    } catch (Throwable failed) { // a task delivers its own errors; this only keeps the thread for the next one
      LOG.error("counting a finished exchange failed", failed);
    }
  }
}
