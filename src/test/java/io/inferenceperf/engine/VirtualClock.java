package io.inferenceperf.engine;

import io.inferenceperf.time.EngineClock;
import java.util.PriorityQueue;

/**
 * The engine's clock in virtual time: waiting runs the events scheduled up to the deadline (the fake sender's
 * completions, a stop) and moves the clock, instead of sleeping. Everything happens on the test's thread, so a run
 * is deterministic and takes no real time. Not thread-safe.
 */
final class VirtualClock implements EngineClock {
  /** The wall clock at virtual time 0. */
  static final long EPOCH_MILLIS_AT_ZERO = 1_800_000_000_000L;

  private record Event(long atNanos, long order, Runnable action) {}

  private final PriorityQueue<Event> events = new PriorityQueue<>(
      (a, b) -> a.atNanos != b.atNanos ? Long.compare(a.atNanos, b.atNanos) : Long.compare(a.order, b.order));
  private long now;
  private long order;
  private boolean wakePending;
  private long waits;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public long epochMillis() {
    return EPOCH_MILLIS_AT_ZERO + now / 1_000_000;
  }

  /** Runs {@code action} when the clock reaches {@code atNanos} (at once on the next wait if that has passed). */
  void schedule(long atNanos, Runnable action) {
    events.add(new Event(Math.max(atNanos, now), order++, action));
  }

  @Override
  public void awaitUntil(long deadlineNanos) {
    if (++waits > 50_000_000) throw new IllegalStateException("the engine waits forever at " + now + " ns");
    if (wakePending) {
      wakePending = false;
      return;
    }
    while (!events.isEmpty() && events.peek().atNanos <= deadlineNanos) {
      Event next = events.poll();
      now = Math.max(now, next.atNanos);
      next.action.run();
      if (wakePending) {
        wakePending = false;
        return;
      }
    }
    if (deadlineNanos == Long.MAX_VALUE) throw new IllegalStateException("waiting forever with nothing scheduled");
    now = Math.max(now, deadlineNanos);
  }

  @Override
  public void wake() {
    wakePending = true;
  }

  /** Moves the clock on by {@code nanos}, running what falls due: time spent inside a call (e.g. building a turn). */
  void advance(long nanos) {
    long target = now + nanos;
    while (!events.isEmpty() && events.peek().atNanos <= target) {
      Event next = events.poll();
      now = Math.max(now, next.atNanos);
      next.action.run();
    }
    now = target;
  }
}
