package io.inferenceperf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class CountingThreadsTest {

  @Test
  void workHandedOverLaterRunsOnACountingThreadAtItsNextLook() throws Exception {
    CountingThreads threads = new CountingThreads(2, "test-count-");
    try {
      CountDownLatch done = new CountDownLatch(100);
      ConcurrentLinkedQueue<String> names = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < 100; i++) {
        assertTrue(threads.later(() -> {
          names.add(Thread.currentThread().getName());
          done.countDown();
        }));
      }
      assertTrue(done.await(10, TimeUnit.SECONDS), "every task ran within a few ticks");
      assertTrue(names.stream().allMatch(n -> n.startsWith("test-count-")), names.toString());
    } finally {
      threads.close(TimeUnit.SECONDS.toNanos(5));
    }
  }

  @Test
  void workHandedOverNowWakesAThreadInsteadOfWaitingForItsTick() throws Exception {
    CountingThreads threads = new CountingThreads(1, "test-count-", TimeUnit.MINUTES.toNanos(10));
    try {
      Thread.sleep(30); // the thread is parked on its (ten-minute) tick: only an unpark can run the task
      CountDownLatch done = new CountDownLatch(1);
      assertTrue(threads.now(done::countDown));
      assertTrue(done.await(10, TimeUnit.SECONDS));
    } finally {
      threads.close(TimeUnit.SECONDS.toNanos(5));
    }
  }

  @Test
  void closingRunsWhatIsQueuedAndRefusesMore() throws Exception {
    CountingThreads threads = new CountingThreads(1, "test-count-");
    AtomicInteger ran = new AtomicInteger();
    for (int i = 0; i < 1000; i++) threads.later(ran::incrementAndGet);
    threads.close(TimeUnit.SECONDS.toNanos(5));
    assertEquals(1000, ran.get());
    assertFalse(threads.later(ran::incrementAndGet), "closed: the caller runs the task itself");
    assertFalse(threads.now(ran::incrementAndGet));
  }

  @Test
  void aFailingTaskDoesNotStopTheThread() throws Exception {
    CountingThreads threads = new CountingThreads(1, "test-count-");
    try {
      threads.later(() -> {
        throw new IllegalStateException("a tokenizer bug");
      });
      CountDownLatch after = new CountDownLatch(1);
      threads.later(after::countDown);
      assertTrue(after.await(10, TimeUnit.SECONDS));
    } finally {
      threads.close(TimeUnit.SECONDS.toNanos(5));
    }
  }
  @Test
  void aCollectorRunsQueuedWorkOnItsOwnThread() throws Exception {
    CountingThreads threads = new CountingThreads(1, "test-count-", TimeUnit.MINUTES.toNanos(10));
    try {
      Thread.sleep(30); // parked on its ten-minute tick: only a collector (or an unpark) runs anything
      ConcurrentLinkedQueue<String> names = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < 10; i++) threads.later(() -> names.add(Thread.currentThread().getName()));
      threads.collect();
      assertEquals(10, names.size(), "collect ran every queued task before returning");
      assertTrue(names.stream().allMatch(n -> n.equals(Thread.currentThread().getName())), names.toString());
    } finally {
      threads.close(TimeUnit.SECONDS.toNanos(5));
    }
  }

  @Test
  void workPastTheCollectorsBudgetWakesTheCountingThreadsToHelp() throws Exception {
    CountingThreads threads = new CountingThreads(1, "test-count-", TimeUnit.MINUTES.toNanos(10));
    try {
      Thread.sleep(30);
      int tasks = 200; // 2 ms each: 400 ms of work, far past one collect's 5 ms budget
      CountDownLatch done = new CountDownLatch(tasks);
      ConcurrentLinkedQueue<String> names = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < tasks; i++) {
        threads.later(() -> {
          names.add(Thread.currentThread().getName());
          LockSupport.parkNanos(2_000_000);
          done.countDown();
        });
      }
      threads.collect();
      assertTrue(done.await(20, TimeUnit.SECONDS), "the rest ran on the woken counting thread");
      assertTrue(names.contains(Thread.currentThread().getName()), "the collector ran some itself");
      assertTrue(names.stream().anyMatch(n -> n.startsWith("test-count-")), "a counting thread helped");
    } finally {
      threads.close(TimeUnit.SECONDS.toNanos(5));
    }
  }

  @Test
  void whenTheCollectorStopsComingTheCountingThreadsTakeOver() throws Exception {
    CountingThreads threads = new CountingThreads(1, "test-count-");
    try {
      threads.collect(); // a collector came once, then never again (say its run ended)
      CountDownLatch done = new CountDownLatch(1);
      ConcurrentLinkedQueue<String> names = new ConcurrentLinkedQueue<>();
      threads.later(() -> {
        names.add(Thread.currentThread().getName());
        done.countDown();
      });
      assertTrue(done.await(10, TimeUnit.SECONDS), "the backup tick delivered it");
      assertTrue(names.peek().startsWith("test-count-"), names.toString());
    } finally {
      threads.close(TimeUnit.SECONDS.toNanos(5));
    }
  }
}
