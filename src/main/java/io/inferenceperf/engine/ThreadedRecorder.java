package io.inferenceperf.engine;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.SessionRecord;
import io.inferenceperf.schedule.StagePlan;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single recorder thread. I/O threads only enqueue finished records (a lock-free handoff); this thread feeds
 * them, with the stage markers, to the observers in order. Keeping aggregation and file writing here keeps it off
 * the timing path.
 *
 * <p>The handoff never wakes this thread: it drains the queue, then sleeps {@value #IDLE_PARK_NANOS} ns and looks
 * again. A blocking queue would make every I/O thread pay a lock and a futex wake-up per record (docs/performance.md,
 * "Profiles"); records only need to reach the aggregates soon, not at once.
 */
final class ThreadedRecorder implements RecordSink {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadedRecorder.class);

  static final long IDLE_PARK_NANOS = 10_000_000;

  private record Started(StagePlan plan, RunObserver.StageClock clock) {}

  private record Ended(StagePlan plan, StageOutcome outcome) {}

  private record Flush(CountDownLatch done) {}

  /** RequestRecords and SessionRecords (queued as they are), Started, Ended and Flush markers. */
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final RunObserver observer;
  private final Thread thread;
  private final AtomicLong recorded = new AtomicLong();
  private volatile boolean closing;

  ThreadedRecorder(RunObserver observer) {
    this.observer = observer;
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
  }

  @Override
  public void stageEnded(StagePlan plan, StageOutcome outcome) {
    queue.add(new Ended(plan, outcome));
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
    done.await(60, TimeUnit.SECONDS);
  }

  private void loop() {
    while (true) {
      Object event = queue.poll();
      if (event == null) {
        if (closing || Thread.currentThread().isInterrupted()) return;
        LockSupport.parkNanos(IDLE_PARK_NANOS);
        continue;
      }
      try {
        dispatch(event);
      } catch (RuntimeException e) {
        // An observer bug must not stop the recording of later results.
        LOG.error("observer failed on {}", event.getClass().getSimpleName(), e);
      }
    }
  }

  private void dispatch(Object event) {
    switch (event) {
      case RequestRecord record -> {
        observer.record(record);
        recorded.incrementAndGet();
      }
      case SessionRecord s -> observer.sessionEnded(s);
      case Started s -> observer.stageStarted(s.plan(), s.clock());
      case Ended e -> observer.stageEnded(e.plan(), e.outcome());
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
