package io.inferenceperf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.schedule.OpenLoopStage;
import io.inferenceperf.schedule.StagePlan;
import io.inferenceperf.testkit.TimingSensitive;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The recorder thread: one tick for records, the sender's deferred completions and the stall probe. */
@TimingSensitive
class ThreadedRecorderTest {

  private static final StagePlan STAGE = OpenLoopStage.of(0, LoadType.CONSTANT, 10, 1_000_000_000L, 1);

  /** Records what reaches it, and on which thread. */
  private static final class Seen implements RunObserver {
    final ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();

    @Override
    public void record(RequestRecord record) {
      seqs.add(record.seq());
      threads.add(Thread.currentThread().getName());
    }
  }

  private static RequestRecord record(long seq) {
    return RequestRecord.notSent(seq, 0, 0, 0, Failure.of(Failure.Kind.NOT_SENT, "test"));
  }

  /** Waits (at most 10 s) until {@code seen} holds {@code count} records. */
  private static void awaitRecords(Seen seen, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (seen.seqs.size() < count && System.nanoTime() < deadline) Thread.sleep(5);
  }

  @Test
  void eachLookFirstCollectsTheSendersDeferredCompletionsOnTheRecorderThread() throws Exception {
    Seen seen = new Seen();
    ConcurrentLinkedQueue<RequestRecord> deferred = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> collectors = new ConcurrentLinkedQueue<>();
    ThreadedRecorder[] recorder = new ThreadedRecorder[1];
    Runnable collect = () -> {
      collectors.add(Thread.currentThread().getName());
      RequestRecord r;
      while ((r = deferred.poll()) != null) recorder[0].recordFinished(r); // as a counting task's completion does
    };
    recorder[0] = new ThreadedRecorder(seen, collect, late -> {});
    try {
      recorder[0].stageStarted(STAGE, new RunObserver.StageClock(0, 0));
      for (long i = 0; i < 50; i++) deferred.add(record(i));
      awaitRecords(seen, 50);
      assertEquals(50, seen.seqs.size(), "every deferred completion reached the observer without a wake-up");
      assertEquals(0L, seen.seqs.peek(), "in order");
      assertTrue(seen.threads.stream().allMatch("recorder"::equals), seen.threads.toString());
      assertTrue(collectors.stream().allMatch("recorder"::equals), "collected on the recorder's own tick");
    } finally {
      recorder[0].close();
    }
  }

  @Test
  void aFailingCollectorDoesNotStopTheRecording() throws Exception {
    Seen seen = new Seen();
    AtomicInteger calls = new AtomicInteger();
    ThreadedRecorder recorder = new ThreadedRecorder(seen, () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("a sender bug");
    }, late -> {});
    try {
      recorder.recordFinished(record(7));
      recorder.flush();
      awaitRecords(seen, 1);
      assertEquals(7L, seen.seqs.peek());
      assertTrue(calls.get() >= 1);
    } finally {
      recorder.close();
    }
  }

  @Test
  void itsParksReportHowLateTheyWokeAndTickFasterWhileAStageRuns() throws Exception {
    Seen seen = new Seen();
    AtomicLong reports = new AtomicLong();
    AtomicLong negative = new AtomicLong();
    ThreadedRecorder recorder = new ThreadedRecorder(seen, () -> {}, late -> {
      reports.incrementAndGet();
      if (late < 0) negative.incrementAndGet();
    });
    try {
      Thread.sleep(50);
      long idleFrom = reports.get();
      Thread.sleep(500); // idle: a look every 100 ms, about 5
      long idle = reports.get() - idleFrom;
      recorder.stageStarted(STAGE, new RunObserver.StageClock(0, 0));
      Thread.sleep(50);
      long stageFrom = reports.get();
      Thread.sleep(500); // a stage: a look every 10 ms, about 50
      long during = reports.get() - stageFrom;
      assertTrue(idle <= 10, "idle looks in 500 ms: " + idle);
      assertTrue(during > idle, "looks in 500 ms during a stage " + during + ", idle " + idle);
      assertEquals(0, negative.get(), "an early wake-up (a marker) reports 0, never a negative lateness");
      recorder.stageEnded(STAGE, new StageOutcome(io.inferenceperf.record.Status.COMPLETED, 0, 1, 0, 1, 0, 0, 0));
    } finally {
      recorder.close();
    }
  }
}
