package io.inferenceperf.schedule;

/**
 * One stage as it will run: open loop (requests leave at their scheduled times, whatever happened to earlier ones)
 * or closed loop (a fixed number in flight, each completion starting the next).
 */
public sealed interface StagePlan permits OpenLoopStage, ClosedLoopStage, SessionStage {

  /** 0-based, in run order. */
  int stageId();

  /** Requests the stage plans to send: the arrivals of its schedule, or num_requests. */
  long plannedRequests();

  /** The seed of this stage's randomness (arrival times), derived from load.base_seed and the stage id. */
  long seed();

  /** The load type's name as written in the config: constant, poisson, concurrent, .... */
  String typeName();

  /** This load generator's share of the stage (load.distributed); {@link ReplicaSlice#WHOLE} when alone. */
  ReplicaSlice slice();
}
