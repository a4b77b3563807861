package io.inferenceperf.analysis;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** A run's stages as chart points, ordered by load (the x axis). */
public record RunPoints(Path folder, List<StagePoint> stages) {

  public RunPoints {
    stages = stages.stream().sorted(Comparator.comparingDouble(StagePoint::load)
        .thenComparingInt(StagePoint::stageId)).toList();
  }

  /** Concurrent when every stage has a concurrency: the charts then use concurrency as x. */
  public boolean concurrent() {
    return !stages.isEmpty() && stages.stream().allMatch(StagePoint::concurrent);
  }

  /** The server metrics any stage has, sorted by name. */
  public java.util.SortedSet<String> serverMetricNames() {
    java.util.SortedSet<String> names = new java.util.TreeSet<>();
    stages.forEach(stage -> names.addAll(stage.serverMetrics().keySet()));
    return names;
  }

  public boolean hasGoodput() {
    return stages.stream().anyMatch(StagePoint::hasGoodput);
  }
}
