package io.inferenceperf.schedule;

/**
 * A concurrent stage: exactly {@code concurrency} requests in flight until {@code plannedRequests} have been sent;
 * each completion starts the next. Spread over several load generators (load.distributed), each sends its slice of
 * the requests at its share of the concurrency.
 */
public record ClosedLoopStage(int stageId, long plannedRequests, int concurrency, long seed, ReplicaSlice slice)
    implements StagePlan {

  public ClosedLoopStage {
    if (concurrency <= 0) throw new IllegalArgumentException("concurrency must be > 0, got " + concurrency);
  }

  /** The whole stage, for one load generator. */
  public ClosedLoopStage(int stageId, long plannedRequests, int concurrency, long seed) {
    this(stageId, plannedRequests, concurrency, seed, ReplicaSlice.WHOLE);
  }

  /** This stage as {@code share} sends it (the whole stage's requests and concurrency, divided). */
  public ClosedLoopStage sliced(ReplicaSlice share) {
    return new ClosedLoopStage(stageId, share.count(plannedRequests), share.concurrency(concurrency), seed, share);
  }

  @Override
  public String typeName() {
    return "concurrent";
  }
}
