package io.inferenceperf.schedule;

import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.config.LoadStage;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages of a run, derived from {@code load}. Pure: the same config gives the same plan.
 *
 * @param intervalNanos pause between stages
 */
public record RunPlan(List<StagePlan> stages, long intervalNanos, long baseSeed) {

  public static RunPlan of(LoadConfig load) {
    List<StagePlan> stages = new ArrayList<>();
    for (int i = 0; i < load.stages().size(); i++) {
      stages.add(stage(i, load.type(), load.stages().get(i), load.baseSeed()));
    }
    return new RunPlan(List.copyOf(stages), seconds(load.intervalSeconds()), load.baseSeed());
  }

  private static StagePlan stage(int id, LoadType type, LoadStage stage, long baseSeed) {
    long seed = mix(baseSeed, id);
    if (type == LoadType.CONCURRENT) {
      return new ClosedLoopStage(id, stage.numRequests(), stage.concurrencyLevel(), seed);
    }
    return OpenLoopStage.of(id, type, stage.rate(), seconds(stage.durationSeconds()), seed);
  }

  private static long seconds(double seconds) {
    return Math.round(seconds * 1e9);
  }

  /** Derives a well-spread per-stage seed from the base seed (SplitMix64 finaliser). */
  public static long mix(long baseSeed, int stageId) {
    long z = baseSeed + 0x9E3779B97F4A7C15L * (stageId + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The stages as one of several load generators sends them: its share of every stage's arrivals (or requests and
   * concurrency). Slicing a whole plan only; the union of all shares is this plan.
   */
  public RunPlan forReplica(ReplicaSlice share) {
    if (share.whole()) return this;
    List<StagePlan> sliced = new ArrayList<>();
    for (StagePlan stage : stages) {
      sliced.add(switch (stage) {
        case OpenLoopStage open -> open.sliced(share);
        case ClosedLoopStage closed -> closed.sliced(share);
      });
    }
    return new RunPlan(List.copyOf(sliced), intervalNanos, baseSeed);
  }

  /** Whose share of a distributed run this plan is; {@link ReplicaSlice#WHOLE} for a run of one. */
  public ReplicaSlice replica() {
    return stages.isEmpty() ? ReplicaSlice.WHOLE : stages.get(0).slice();
  }

  /** The same stages with another pause between them. */
  public RunPlan withIntervalNanos(long nanos) {
    return new RunPlan(stages, nanos, baseSeed);
  }

  public long totalPlannedRequests() {
    return stages.stream().mapToLong(StagePlan::plannedRequests).sum();
  }
}
