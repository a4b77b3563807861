package io.inferenceperf.schedule;

import io.inferenceperf.config.LoadConfig.LoadType;

/**
 * A constant or Poisson stage: its arrivals are a pure function of (rate, duration, seed).
 *
 * @param type {@link LoadType#CONSTANT} or {@link LoadType#POISSON}
 * @param rate requests per second
 * @param durationNanos how long arrivals are scheduled for; every arrival is due before it ends
 * @param plannedRequests the number of arrivals this load generator sends (its slice's share)
 * @param slice this load generator's share of the arrivals (load.distributed); {@link ReplicaSlice#WHOLE} alone
 */
public record OpenLoopStage(int stageId, LoadType type, double rate, long durationNanos, long plannedRequests,
    long seed, ReplicaSlice slice) implements StagePlan {

  public OpenLoopStage {
    if (type == LoadType.CONCURRENT) throw new IllegalArgumentException("a concurrent stage is closed-loop");
  }

  /** The whole stage, for one load generator. */
  public OpenLoopStage(int stageId, LoadType type, double rate, long durationNanos, long plannedRequests, long seed) {
    this(stageId, type, rate, durationNanos, plannedRequests, seed, ReplicaSlice.WHOLE);
  }

  /** This stage as {@code share} sends it: the arrivals of that share only. */
  public OpenLoopStage sliced(ReplicaSlice share) {
    long all = slice.whole() ? plannedRequests : arrivalCount();
    return new OpenLoopStage(stageId, type, rate, durationNanos, share.count(all), seed, share);
  }

  /** This load generator's arrival offsets from the stage start (its slice of {@link #arrivals()}). */
  public ArrivalSchedule.Cursor cursor() {
    return slice.cursor(arrivals().cursor());
  }

  private long arrivalCount() {
    return type == LoadType.CONSTANT ? new ConstantArrivals(rate, durationNanos).count()
        : new PoissonArrivals(rate, durationNanos, seed).count();
  }

  /** The stage for (type, rate, duration, seed), with its arrivals counted. */
  public static OpenLoopStage of(int stageId, LoadType type, double rate, long durationNanos, long seed) {
    long planned = switch (type) {
      case CONSTANT -> new ConstantArrivals(rate, durationNanos).count();
      case POISSON -> new PoissonArrivals(rate, durationNanos, seed).count();
      case CONCURRENT -> throw new IllegalArgumentException("a concurrent stage is closed-loop");
    };
    return new OpenLoopStage(stageId, type, rate, durationNanos, planned, seed);
  }

  /** Every arrival offset of the stage from its start, whatever the slice. */
  public ArrivalSchedule arrivals() {
    return type == LoadType.CONSTANT
        ? new ConstantArrivals(rate, durationNanos)
        : new PoissonArrivals(rate, durationNanos, seed);
  }

  @Override
  public String typeName() {
    return type.yamlName;
  }
}
