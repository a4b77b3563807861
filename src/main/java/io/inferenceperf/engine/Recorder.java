package io.inferenceperf.engine;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.schedule.StagePlan;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single recorder thread. I/O threads only enqueue finished records (a lock-free handoff); this thread feeds
 * them, with the stage markers, to the observers in order. Keeping aggregation and file writing here keeps it off
 * the timing path.
 */
final class Recorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

  private sealed interface Event {}

  private record Started(StagePlan plan, RunObserver.StageClock clock) implements Event {}

  private record Finished(RequestRecord record) implements Event {}

  private record Ended(StagePlan plan, StageOutcome outcome) implements Event {}

  private record Flush(Object latch) implements Event {}

  private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
  private final RunObserver observer;
  private final Thread thread;
  private final AtomicLong recorded = new AtomicLong();
  private volatile boolean closing;

  Recorder(RunObserver observer) {
    this.observer = observer;
    this.thread = new Thread(this::loop, "recorder");
    thread.setDaemon(true);
    thread.start();
  }

  /** Called on I/O threads: must stay cheap. */
  void recordFinished(RequestRecord record) {
    queue.add(new Finished(record));
  }

  void stageStarted(StagePlan plan, RunObserver.StageClock clock) {
    queue.add(new Started(plan, clock));
  }

  void stageEnded(StagePlan plan, StageOutcome outcome) {
    queue.add(new Ended(plan, outcome));
  }

  /** Records handed to the observer so far. */
  long recorded() {
    return recorded.get();
  }

  /** Waits until every event queued before this call has been handed to the observer. */
  void flush() throws InterruptedException {
    Object latch = new Object();
    synchronized (latch) {
      queue.add(new Flush(latch));
      latch.wait(60_000);
    }
  }

  private void loop() {
    while (true) {
      Event event;
      try {
        event = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event == null) {
        if (closing) return;
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

  private void dispatch(Event event) {
    switch (event) {
      case Finished f -> {
        observer.record(f.record());
        recorded.incrementAndGet();
      }
      case Started s -> observer.stageStarted(s.plan(), s.clock());
      case Ended e -> observer.stageEnded(e.plan(), e.outcome());
      case Flush f -> {
        synchronized (f.latch()) {
          f.latch().notifyAll();
        }
      }
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
  }
}
