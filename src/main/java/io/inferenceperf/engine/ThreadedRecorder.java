package io.inferenceperf.engine;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.SessionRecord;
import io.inferenceperf.schedule.StagePlan;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single recorder thread. I/O threads only enqueue finished records (a lock-free handoff); this thread feeds
 * them, with the stage markers, to the observers in order. Keeping aggregation and file writing here keeps it off
 * the timing path.
 *
 * <p>The handoff never wakes this thread: it looks on a tick, {@value #TICK_NANOS} ns while a stage runs (or the
 * last look found something) and {@value #IDLE_TICK_NANOS} ns otherwise. A blocking queue would make every I/O thread
 * pay a lock and a futex wake-up per record (docs/performance.md, "Profiles"); records only need to reach the
 * aggregates soon, not at once. Stage markers and flushes, a few per stage, wake it at once. Each look first
 * collects the sender's deferred completions ({@link RequestSender#collectDeferred}, e.g. an open loop's token
 * counting), so that the sender needs no thread of its own waking on a tick: one wake-up per tick for both. And
 * how late each park woke goes to the run's stall probe ({@code metrics.ClientResources#tickLateness}): a third tick
 * folded into this one.
 */
final class ThreadedRecorder implements RecordSink {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadedRecorder.class);

  static final long TICK_NANOS = 10_000_000;
  /** Between stages (and before the first) nothing is pending but markers, and those wake the thread. */
  static final long IDLE_TICK_NANOS = 100_000_000;

  private record Started(StagePlan plan, RunObserver.StageClock clock) {}

  private record Ended(StagePlan plan, StageOutcome outcome) {}

  private record Flush(CountDownLatch done) {}

  /** RequestRecords and SessionRecords (queued as they are), Started, Ended and Flush markers. */
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final RunObserver observer;
  private final Runnable collectDeferred;
  private final LongConsumer tickLateness;
  private final Thread thread;
  private final AtomicLong recorded = new AtomicLong();
  private volatile boolean closing;
  /** Stages started and not ended yet (this thread only). */
  private int openStages;

  ThreadedRecorder(RunObserver observer) {
    this(observer, () -> {}, late -> {});
  }

  /**
   * @param collectDeferred run on this thread before each look at the queue (it may add records to it)
   * @param tickLateness told after each timed park how much later than asked it woke (0 if not late): this thread
   *     can be the process's stall probe, so that no other thread has to wake on a tick for that
   */
  ThreadedRecorder(RunObserver observer, Runnable collectDeferred, LongConsumer tickLateness) {
    this.observer = observer;
    this.collectDeferred = collectDeferred;
    this.tickLateness = tickLateness;
    this.thread = new Thread(this::loop, "recorder");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void recordFinished(RequestRecord record) {
    queue.add(record);
  }

  @Override
  public void stageStarted(StagePlan plan, RunObserver.StageClock clock) {
    queue.add(new Started(plan, clock));
    LockSupport.unpark(thread); // the stage's fast tick starts now, not at the end of an idle one
  }

  @Override
  public void stageEnded(StagePlan plan, StageOutcome outcome) {
    queue.add(new Ended(plan, outcome));
    LockSupport.unpark(thread);
  }

  @Override
  public void sessionEnded(SessionRecord session) {
    queue.add(session);
  }

  /** Records handed to the observer so far. */
  long recorded() {
    return recorded.get();
  }

  @Override
  public void flush() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    queue.add(new Flush(done));
    LockSupport.unpark(thread);
    done.await(60, TimeUnit.SECONDS);
  }

  private void loop() {
    while (true) {
      boolean found = look();
      if (closing || Thread.currentThread().isInterrupted()) return;
      park(found || openStages > 0 ? TICK_NANOS : IDLE_TICK_NANOS);
    }
  }

  private void park(long nanos) {
    long before = System.nanoTime();
    LockSupport.parkNanos(this, nanos);
    long late = System.nanoTime() - before - nanos; // negative when unparked early (a marker, a flush)
    try {
      tickLateness.accept(Math.max(0, late));
    } catch (RuntimeException e) {
      LOG.error("reporting the recorder's wake-up lateness failed", e);
    }
  }

  /** Collects the sender's deferred completions, then hands everything queued to the observer; true if any. */
  private boolean look() {
    try {
      collectDeferred.run();
    } catch (RuntimeException e) {
      LOG.error("collecting finished requests failed", e);
    }
    boolean found = false;
    Object event;
    while ((event = queue.poll()) != null) {
      found = true;
      try {
        dispatch(event);
      } catch (RuntimeException e) {
        // An observer bug must not stop the recording of later results.
        LOG.error("observer failed on {}", event.getClass().getSimpleName(), e);
      }
    }
    return found;
  }

  private void dispatch(Object event) {
    switch (event) {
      case RequestRecord record -> {
        observer.record(record);
        recorded.incrementAndGet();
      }
      case SessionRecord s -> observer.sessionEnded(s);
      case Started s -> {
        openStages++;
        observer.stageStarted(s.plan(), s.clock());
      }
      case Ended e -> {
        openStages--;
        observer.stageEnded(e.plan(), e.outcome());
      }
      case Flush f -> f.done().countDown();
      default -> throw new IllegalStateException("unknown recorder event " + event);
    }
  }

  @Override
  public void close() {
    try {
      flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("the recorder thread is still busy after its close timeout; records it has not handed over yet "
          + "are missing from the reports ({} recorded)", recorded.get());
    }
  }
}
