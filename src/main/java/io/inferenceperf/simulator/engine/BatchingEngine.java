package io.inferenceperf.simulator.engine;

import io.inferenceperf.simulator.options.EngineOptions;
import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Runs a {@link BatchScheduler} in real time on one event loop: plan a step, wait its duration with the loop's
 * timer, complete it (delivering tokens), plan the next. Idle when nothing runs or waits; an arrival starts a step
 * at once unless one is already in flight (then it joins at the next step, as in a real engine).
 */
public final class BatchingEngine implements Engine {
  private final EventLoop loop;
  private final BatchScheduler scheduler;
  private final long kvCapacityTokens;
  private final IntConsumer stepTokens;
  private BatchScheduler.Step inFlight;
  private ScheduledFuture<?> wakeup;
  private volatile int running;
  private volatile int waiting;
  private volatile long kvUsed;
  private volatile long preemptions;

  /**
   * @param prefixCache null when prefix caching is off
   * @param stepTokens told the tokens (prefill plus decode) of every finished step, e.g. for a histogram
   */
  public BatchingEngine(EventLoop loop, EngineOptions options, PrefixCache prefixCache, IntConsumer stepTokens) {
    this.loop = loop;
    this.scheduler = new BatchScheduler(options, prefixCache);
    this.kvCapacityTokens = options.kvCacheTokens();
    this.stepTokens = stepTokens;
  }

  @Override
  public void submit(Sequence sequence) {
    scheduler.submit(sequence, System.nanoTime());
    if (inFlight == null) {
      if (wakeup != null) {
        wakeup.cancel(false);
        wakeup = null;
      }
      startStep();
    }
    publish();
  }

  @Override
  public void abort(Sequence sequence) {
    scheduler.abort(sequence);
    publish();
  }

  private void startStep() {
    long now = System.nanoTime();
    BatchScheduler.Step step = scheduler.plan(now);
    if (step.isEmpty()) {
      inFlight = null;
      if (step.wakeupNanos() != Long.MAX_VALUE) {
        wakeup = loop.schedule(this::onWakeup, step.wakeupNanos() - now, TimeUnit.NANOSECONDS);
      }
      publish();
      return;
    }
    inFlight = step;
    publish();
    loop.schedule(this::finishStep, step.durationNanos(), TimeUnit.NANOSECONDS);
  }

  private void onWakeup() {
    wakeup = null;
    if (inFlight == null) {
      startStep();
    }
  }

  private void finishStep() {
    BatchScheduler.Step step = inFlight;
    scheduler.complete(step, System.nanoTime());
    stepTokens.accept(step.prefillTokens() + step.decodeTokens());
    inFlight = null;
    startStep();
  }

  private void publish() {
    running = scheduler.runningCount();
    waiting = scheduler.waitingCount();
    kvUsed = scheduler.kvUsedTokens();
    preemptions = scheduler.preemptions();
  }

  @Override
  public int runningCount() {
    return running;
  }

  @Override
  public int waitingCount() {
    return waiting;
  }

  @Override
  public long kvUsedTokens() {
    return kvUsed;
  }

  @Override
  public long kvCapacityTokens() {
    return kvCapacityTokens;
  }

  @Override
  public long preemptions() {
    return preemptions;
  }
}
