package io.inferenceperf.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters read by the progress line. Written by the pacer and the I/O threads; read from anywhere. */
public final class LiveCounters {
  public final AtomicLong sent = new AtomicLong();
  public final LongAdder done = new LongAdder();
  public final LongAdder failed = new LongAdder();
  volatile int stageId = -1;
  volatile long stageStartNanos;
  volatile long stagePlanned;
  volatile long stageDurationNanos;

  void resetForStage(int id, long startNanos, long planned, long durationNanos) {
    sent.set(0);
    done.reset();
    failed.reset();
    stageStartNanos = startNanos;
    stagePlanned = planned;
    stageDurationNanos = durationNanos;
    stageId = id;
  }

  public int stageId() {
    return stageId;
  }

  public long stageStartNanos() {
    return stageStartNanos;
  }

  public long stagePlanned() {
    return stagePlanned;
  }

  public long stageDurationNanos() {
    return stageDurationNanos;
  }
}
