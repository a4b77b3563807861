package io.inferenceperf.schedule;

/**
 * A concurrent stage: exactly {@code concurrency} requests in flight until {@code plannedRequests} have been sent;
 * each completion starts the next.
 */
public record ClosedLoopStage(int stageId, long plannedRequests, int concurrency, long seed) implements StagePlan {

  public ClosedLoopStage {
    if (concurrency <= 0) throw new IllegalArgumentException("concurrency must be > 0, got " + concurrency);
  }

  @Override
  public String typeName() {
    return "concurrent";
  }
}
