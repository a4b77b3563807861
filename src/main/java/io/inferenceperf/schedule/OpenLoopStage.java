package io.inferenceperf.schedule;

import io.inferenceperf.config.LoadConfig.LoadType;

/**
 * A constant or Poisson stage: its arrivals are a pure function of (rate, duration, seed).
 *
 * @param type {@link LoadType#CONSTANT} or {@link LoadType#POISSON}
 * @param rate requests per second
 * @param durationNanos how long arrivals are scheduled for; every arrival is due before it ends
 * @param plannedRequests the number of arrivals
 */
public record OpenLoopStage(int stageId, LoadType type, double rate, long durationNanos, long plannedRequests,
    long seed) implements StagePlan {

  public OpenLoopStage {
    if (type == LoadType.CONCURRENT) throw new IllegalArgumentException("a concurrent stage is closed-loop");
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

  /** The arrival offsets from the stage start. */
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
