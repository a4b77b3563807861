package io.inferenceperf.engine;

import io.inferenceperf.record.PreparedRequest;
import java.util.function.LongUnaryOperator;

/**
 * Prepared requests in virtual time: request i of a stage becomes ready at {@code readyAt(i)} nanoseconds of the
 * clock (0: at once), so tests can make prompt preparation fall behind the schedule exactly where they want.
 */
final class ScriptedSource implements RequestSource {
  private final VirtualClock clock;
  private final StopSignal stop;
  private final RequestFactory factory;
  private final int stageId;
  private final long count;
  private final LongUnaryOperator readyAtNanos;
  private long next;

  ScriptedSource(VirtualClock clock, StopSignal stop, RequestFactory factory, int stageId, long count,
      LongUnaryOperator readyAtNanos) {
    this.clock = clock;
    this.stop = stop;
    this.factory = factory;
    this.stageId = stageId;
    this.count = count;
    this.readyAtNanos = readyAtNanos;
  }

  /** Sources whose requests are ready at {@code readyAtNanos(index)}. */
  static RequestSource.Factory readyAt(VirtualClock clock, StopSignal stop, LongUnaryOperator readyAtNanos) {
    return (factory, stageId, count) -> new ScriptedSource(clock, stop, factory, stageId, count, readyAtNanos);
  }

  @Override
  public void awaitReady(int wanted, long deadlineNanos) {}

  @Override
  public PreparedRequest next(long deadlineNanos) throws InterruptedException {
    if (next >= count) return null;
    long ready = readyAtNanos.applyAsLong(next);
    while (clock.nanoTime() < ready) {
      if (stop.stopped() || clock.nanoTime() >= deadlineNanos) return null;
      clock.awaitUntil(Math.min(ready, deadlineNanos));
    }
    if (stop.stopped()) return null;
    return factory.prepare(stageId, next++);
  }

  @Override
  public void close() {}
}
