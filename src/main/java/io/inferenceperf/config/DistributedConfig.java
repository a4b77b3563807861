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
 */
public record DistributedConfig(int replicas, Integer index, Long startAtEpochMillis) {
  public static final DistributedConfig NONE = new DistributedConfig(1, null, null);

  public boolean distributed() {
    return replicas > 1;
  }
}
