package io.inferenceperf.time;

/**
 * The engine's one seam to time: the monotonic clock, the wall clock (for correlation with outside systems only)
 * and every wait. Production uses {@link SystemEngineClock}; tests drive the engine in virtual time with an
 * implementation whose waits advance the clock instead of sleeping, so schedules, grace periods and cut-offs are
 * checked exactly and without real sleeps.
 *
 * <p>Waiting follows one pattern everywhere: re-check the condition, then {@link #awaitUntil} a deadline; another
 * thread that changes what the waiter is waiting for calls {@link #wake}.
 */
public interface EngineClock extends NanoClock {

  /** Wall-clock milliseconds since the epoch, read at the same moment as a {@link #nanoTime()} reading would be. */
  long epochMillis();

  /**
   * Waits until the clock reaches {@code deadlineNanos}, until {@link #wake} is called, or until the thread is
   * interrupted. Returns at once when the deadline has passed or a wake-up is pending. May return early: callers
   * re-check what they wait for and wait again.
   */
  void awaitUntil(long deadlineNanos) throws InterruptedException;

  /**
   * As {@link #awaitUntil}, for a wait that needs no precision (handing requests over ahead of their time): it may
   * end somewhat after the deadline, and costs no spinning.
   */
  default void awaitAbout(long deadlineNanos) throws InterruptedException {
    awaitUntil(deadlineNanos);
  }

  /**
   * Makes a waiting {@link #awaitUntil} return; with no thread waiting, the next call returns at once. Cheap and
   * callable from any thread.
   */
  void wake();
}
