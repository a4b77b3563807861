package io.inferenceperf.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** Which event-loop rounds count as late (their reads then peek at each socket's queue first): the pure rule. */
class KernelLoopLateRoundTest {
  private static final long MS = 1_000_000;
  private static final long LATE = MS;

  @Test
  void aRoundAfterASleepIsNotLateWhenItsEarliestBytesHaveJustArrived() {
    Peek peek = new Peek(30_000);
    assertFalse(KernelLoop.isLateRound(5, 10 * MS, true, peek, LATE), "the poll slept 10 ms, the bytes are fresh");
    assertEquals(1, peek.calls.get(), "one look at the earliest socket");
  }

  @Test
  void aRoundAfterASleepIsLateWhenItsEarliestBytesWaited() {
    assertTrue(KernelLoop.isLateRound(5, 10 * MS, true, new Peek(3 * MS), LATE), "woke, then was held up 3 ms");
  }

  @Test
  void anUnknownWaitCountsAsLate() {
    assertTrue(KernelLoop.isLateRound(1, 10 * MS, true, new Peek(Long.MAX_VALUE), LATE));
  }

  @Test
  void aRoundWhosePollDidNotSleepIsLateByItsBoundAlone() {
    Peek peek = new Peek(0);
    assertTrue(KernelLoop.isLateRound(3, 2 * MS, false, peek, LATE), "the loop was busy elsewhere for 2 ms");
    assertFalse(KernelLoop.isLateRound(3, MS / 2, false, peek, LATE));
    assertEquals(0, peek.calls.get(), "no peek when the bound decides");
  }

  @Test
  void aRoundWithNothingReadyOrARecentBoundIsNeverLate() {
    Peek peek = new Peek(Long.MAX_VALUE);
    assertFalse(KernelLoop.isLateRound(0, 10 * MS, true, peek, LATE));
    assertFalse(KernelLoop.isLateRound(4, MS / 2, true, peek, LATE));
    assertEquals(0, peek.calls.get());
  }

  /** A stand-in for the peek at the earliest ready socket: how long its first segment has waited. */
  private static final class Peek implements LongSupplier {
    final AtomicInteger calls = new AtomicInteger();
    private final long waitedNanos;

    Peek(long waitedNanos) {
      this.waitedNanos = waitedNanos;
    }

    @Override
    public long getAsLong() {
      calls.incrementAndGet();
      return waitedNanos;
    }
  }
}
