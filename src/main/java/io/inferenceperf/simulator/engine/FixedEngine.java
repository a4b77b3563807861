package io.inferenceperf.simulator.engine;

import io.inferenceperf.simulator.options.EngineOptions;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * No batching: token i of every request is generated at arrival + ttft + i x itl (+ any injected stall or header
 * delay), on an absolute schedule anchored at the request's arrival (so the server's parsing time is not added) so that delays do not drift. Tokens due at the same instant are delivered in one call (with
 * zero latency the whole output at once). Timers are the event loop's own scheduler; no thread per request.
 */
public final class FixedEngine implements Engine {
  private final EventLoop loop;
  private final long ttftNanos;
  private final long itlNanos;
  private final PrefixCache prefixCache;
  private volatile int running;

  /** @param prefixCache null when prefix caching is off */
  public FixedEngine(EventLoop loop, EngineOptions options, PrefixCache prefixCache) {
    this.loop = loop;
    this.ttftNanos = FaultDrawer.millisToNanos(options.ttftMs());
    this.itlNanos = FaultDrawer.millisToNanos(options.itlMs());
    this.prefixCache = prefixCache;
  }

  @Override
  public void submit(Sequence sequence) {
    long now = System.nanoTime();
    sequence.queuedNanos = now;
    sequence.admittedNanos = now;
    if (prefixCache != null) {
      sequence.cachedTokens = prefixCache.cachedTokens(sequence.prompt);
      prefixCache.insert(sequence.prompt);
    }
    running++;
    sequence.sink.onAdmitted(sequence, now);
    new Driver(sequence, sequence.readyNanos).run();
  }

  @Override
  public void abort(Sequence sequence) {
    sequence.aborted = true; // the driver notices at its next wake-up and stops
  }

  @Override
  public int runningCount() {
    return running;
  }

  @Override
  public int waitingCount() {
    return 0;
  }

  @Override
  public long kvUsedTokens() {
    return 0;
  }

  @Override
  public long kvCapacityTokens() {
    return 1;
  }

  @Override
  public long preemptions() {
    return 0;
  }

  /** Generates one sequence's tokens on schedule. */
  private final class Driver implements Runnable {
    private final Sequence sequence;
    private final long startNanos;

    Driver(Sequence sequence, long startNanos) {
      this.sequence = sequence;
      this.startNanos = startNanos;
    }

    @Override
    public void run() {
      if (sequence.aborted) {
        running--;
        return;
      }
      long now = System.nanoTime();
      int from = sequence.generated;
      int target = sequence.output.targetTokens();
      int due = from;
      while (due < target && dueNanos(due) <= now) {
        due++;
      }
      if (due > from) {
        sequence.generated = due;
        sequence.sink.onTokens(sequence, from, due - from, now);
      }
      if (sequence.finished() || sequence.aborted) {
        running--;
        return;
      }
      loop.schedule(this, dueNanos(sequence.generated) - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** When token {@code index} is due. */
    private long dueNanos(int index) {
      FaultPlan faults = sequence.faults;
      long pauses = faults.stallFirstNanos();
      if (faults.stallAtToken() >= 0 && index >= faults.stallAtToken()) {
        pauses += faults.stallBetweenNanos();
      }
      return startNanos + ttftNanos + index * itlNanos + pauses;
    }
  }
}
