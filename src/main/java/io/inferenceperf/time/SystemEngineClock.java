package io.inferenceperf.time;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The real {@link EngineClock}: {@link System#nanoTime()}, {@link System#currentTimeMillis()}, and waits that park
 * the thread until shortly before the deadline and spin for the last {@value #SPIN_NANOS} ns, so that a request due
 * at a given instant leaves within microseconds of it. One thread waits at a time (the engine's pacer).
 */
public final class SystemEngineClock implements EngineClock {

  /** The last stretch before a deadline is spun rather than parked: a parked thread wakes tens of us late. */
  static final long SPIN_NANOS = 50_000;
  /** Longest single park: a safety net should a wake-up ever be missed; callers loop anyway. */
  static final long MAX_PARK_NANOS = 100_000_000;

  private final AtomicBoolean wakePending = new AtomicBoolean();
  private volatile Thread waiter;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long epochMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public void awaitUntil(long deadlineNanos) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (wakePending.getAndSet(false)) return;
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) return;
    if (left > SPIN_NANOS) {
      waiter = Thread.currentThread();
      try {
        if (!wakePending.get()) LockSupport.parkNanos(this, Math.min(left - SPIN_NANOS, MAX_PARK_NANOS));
      } finally {
        waiter = null;
      }
      wakePending.set(false);
      if (Thread.interrupted()) throw new InterruptedException();
      return;
    }
    while (deadlineNanos - System.nanoTime() > 0 && !wakePending.get()) Thread.onSpinWait();
    wakePending.set(false);
  }

  @Override
  public void awaitAbout(long deadlineNanos) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (wakePending.getAndSet(false)) return;
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) return;
    waiter = Thread.currentThread();
    try {
      if (!wakePending.get()) LockSupport.parkNanos(this, Math.min(left, MAX_PARK_NANOS));
    } finally {
      waiter = null;
    }
    wakePending.set(false);
    if (Thread.interrupted()) throw new InterruptedException();
  }

  @Override
  public void wake() {
    wakePending.set(true);
    Thread parked = waiter;
    if (parked != null) LockSupport.unpark(parked);
  }
}
