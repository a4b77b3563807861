package io.inferenceperf.schedule;

import io.inferenceperf.config.LoadConfig.LoadType;

/**
 * One stage as it will run.
 *
 * @param stageId 0-based, in run order
 * @param type constant and poisson are open-loop (arrival times); concurrent is closed-loop
 * @param rate requests per second for open-loop stages; 0 for concurrent stages
 * @param durationNanos how long new requests are sent for open-loop stages; 0 for concurrent stages
 * @param plannedRequests requests the stage will send: rate x duration (rounded down) or num_requests
 * @param concurrency requests kept in flight for concurrent stages; 0 for open-loop stages
 * @param seed the seed of this stage's arrival times (derived from load.base_seed and the stage id)
 */
public record StagePlan(
    int stageId,
    LoadType type,
    double rate,
    long durationNanos,
    long plannedRequests,
    int concurrency,
    long seed) {

  public boolean openLoop() {
    return type != LoadType.CONCURRENT;
  }

  /** The arrival offsets of this stage; only for open-loop stages. */
  public ArrivalSchedule arrivals() {
    return switch (type) {
      case CONSTANT -> new ConstantArrivals(rate, durationNanos);
      case POISSON -> new PoissonArrivals(rate, durationNanos, seed);
      case CONCURRENT -> throw new IllegalStateException("stage " + stageId + " is closed-loop: it has no arrivals");
    };
  }
}
