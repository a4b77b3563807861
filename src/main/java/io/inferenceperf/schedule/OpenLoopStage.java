package io.inferenceperf.schedule;

import io.inferenceperf.config.LoadConfig.LoadType;

/**
 * A constant, Poisson or trace_replay stage: its arrivals are a pure function of (rate, duration, seed), or of the
 * trace's times.
 *
 * @param type {@link LoadType#CONSTANT}, {@link LoadType#POISSON} or {@link LoadType#TRACE_REPLAY}
 * @param rate requests per second
 * @param durationNanos how long arrivals are scheduled for; every arrival is due before it ends
 * @param plannedRequests the number of arrivals this load generator sends (its slice's share)
 * @param slice this load generator's share of the arrivals (load.distributed); {@link ReplicaSlice#WHOLE} alone
 * @param trace the whole stage's arrivals of a trace_replay stage, null for the other types
 */
public record OpenLoopStage(int stageId, LoadType type, double rate, long durationNanos, long plannedRequests,
    long seed, ReplicaSlice slice, TraceArrivals trace) implements StagePlan {

  public OpenLoopStage {
    if (type == LoadType.CONCURRENT || type == LoadType.TRACE_SESSION_REPLAY) {
      throw new IllegalArgumentException(type.yamlName + " is not open loop");
    }
    if ((type == LoadType.TRACE_REPLAY) != (trace != null)) {
      throw new IllegalArgumentException("a trace_replay stage, and only one, takes its arrivals from a trace");
    }
  }

  /** A constant or Poisson stage of this load generator's share. */
  public OpenLoopStage(int stageId, LoadType type, double rate, long durationNanos, long plannedRequests, long seed,
      ReplicaSlice slice) {
    this(stageId, type, rate, durationNanos, plannedRequests, seed, slice, null);
  }

  /** The whole stage, for one load generator. */
  public OpenLoopStage(int stageId, LoadType type, double rate, long durationNanos, long plannedRequests, long seed) {
    this(stageId, type, rate, durationNanos, plannedRequests, seed, ReplicaSlice.WHOLE);
  }

  /** This stage as {@code share} sends it: the arrivals of that share only. */
  public OpenLoopStage sliced(ReplicaSlice share) {
    long all = slice.whole() ? plannedRequests : arrivalCount();
    return new OpenLoopStage(stageId, type, rate, durationNanos, share.count(all), seed, share, trace);
  }

  /** This load generator's arrival offsets from the stage start (its slice of {@link #arrivals()}). */
  public ArrivalSchedule.Cursor cursor() {
    return slice.cursor(arrivals().cursor());
  }

  private long arrivalCount() {
    return switch (type) {
      case CONSTANT -> new ConstantArrivals(rate, durationNanos).count();
      case POISSON -> new PoissonArrivals(rate, durationNanos, seed).count();
      case TRACE_REPLAY -> trace.count();
      case CONCURRENT, TRACE_SESSION_REPLAY -> throw new IllegalStateException(type.yamlName + " is not open loop");
    };
  }

  /** The constant or Poisson stage for (type, rate, duration, seed), with its arrivals counted. */
  public static OpenLoopStage of(int stageId, LoadType type, double rate, long durationNanos, long seed) {
    long planned = switch (type) {
      case CONSTANT -> new ConstantArrivals(rate, durationNanos).count();
      case POISSON -> new PoissonArrivals(rate, durationNanos, seed).count();
      case CONCURRENT, TRACE_SESSION_REPLAY -> throw new IllegalArgumentException(type.yamlName + " is not open loop");
      case TRACE_REPLAY -> throw new IllegalArgumentException("a trace_replay stage needs its trace: use replay()");
    };
    return new OpenLoopStage(stageId, type, rate, durationNanos, planned, seed);
  }

  /**
   * A trace_replay stage sending {@code arrivals}. It lasts {@code durationNanos}, or longer when its last arrival
   * is due later (the trace decides the times; the duration only sized the count).
   */
  public static OpenLoopStage replay(int stageId, double rate, long durationNanos, long seed, TraceArrivals arrivals) {
    long lasts = Math.max(durationNanos, arrivals.lastOffsetNanos() + 1);
    return new OpenLoopStage(stageId, LoadType.TRACE_REPLAY, rate, lasts, arrivals.count(), seed, ReplicaSlice.WHOLE,
        arrivals);
  }

  /** Every arrival offset of the stage from its start, whatever the slice. */
  public ArrivalSchedule arrivals() {
    return switch (type) {
      case CONSTANT -> new ConstantArrivals(rate, durationNanos);
      case POISSON -> new PoissonArrivals(rate, durationNanos, seed);
      case TRACE_REPLAY -> trace;
      case CONCURRENT, TRACE_SESSION_REPLAY -> throw new IllegalStateException(type.yamlName + " is not open loop");
    };
  }

  @Override
  public String typeName() {
    return type.yamlName;
  }
}
