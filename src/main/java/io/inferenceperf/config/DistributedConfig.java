package io.inferenceperf.config;

/**
 * {@code load.distributed} (our extension): one run spread over several load generators (pods of an Indexed Job,
 * or local processes), each sending its share of the one schedule.
 *
 * @param replicas how many load generators share the run; 1 = not distributed
 * @param index this one's index in [0, replicas), or null to take it from JOB_COMPLETION_INDEX (Kubernetes Indexed
 *     Jobs set it)
 * @param startAtEpochMillis the wall-clock instant every load generator starts stage 0 at, or null to start when
 *     ready
 * @param barrierTimeoutSeconds in a Kubernetes Job without start_at: the longest wait for the other pods at the start
 *     barrier
 * @param barrierLeadSeconds from the moment the last pod is ready to the start the barrier agrees on
 */
public record DistributedConfig(int replicas, Integer index, Long startAtEpochMillis, double barrierTimeoutSeconds,
    double barrierLeadSeconds) {
  public static final double DEFAULT_BARRIER_TIMEOUT_SECONDS = 600;
  public static final double DEFAULT_BARRIER_LEAD_SECONDS = 5;
  public static final DistributedConfig NONE = new DistributedConfig(1, null, null);

  /** With the barrier's default timing. */
  public DistributedConfig(int replicas, Integer index, Long startAtEpochMillis) {
    this(replicas, index, startAtEpochMillis, DEFAULT_BARRIER_TIMEOUT_SECONDS, DEFAULT_BARRIER_LEAD_SECONDS);
  }

  public boolean distributed() {
    return replicas > 1;
  }
}
