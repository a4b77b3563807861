package io.inferenceperf.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.config.LoadStage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunPlanTest {

  static LoadConfig load(LoadType type, long seed, LoadStage... stages) {
    return new LoadConfig(type, 1.0, List.of(stages), 1, 100, 2500, null, seed, 10, 300, 60, 30, "auto");
  }

  static List<Long> offsets(ArrivalSchedule schedule) {
    List<Long> out = new ArrayList<>();
    ArrivalSchedule.Cursor cursor = schedule.cursor();
    for (long o; (o = cursor.nextOffsetNanos()) >= 0; ) out.add(o);
    return out;
  }

  @Test
  void constantArrivalsAreEvenlySpacedAndCountIsRateTimesDuration() {
    List<Long> offsets = offsets(new ConstantArrivals(4, 2_000_000_000L));
    assertEquals(List.of(0L, 250_000_000L, 500_000_000L, 750_000_000L, 1_000_000_000L, 1_250_000_000L,
        1_500_000_000L, 1_750_000_000L), offsets);
  }

  @Test
  void constantArrivalsWithFractionalRateDoNotDrift() {
    List<Long> offsets = offsets(new ConstantArrivals(3, 10_000_000_000L));
    assertEquals(30, offsets.size());
    assertEquals(Math.round(29 * 1e9 / 3), offsets.get(29));
  }

  @Test
  void poissonArrivalsAreReproducibleAndSeedDependent() {
    var a = offsets(new PoissonArrivals(100, 10_000_000_000L, 42));
    var b = offsets(new PoissonArrivals(100, 10_000_000_000L, 42));
    var c = offsets(new PoissonArrivals(100, 10_000_000_000L, 43));
    assertEquals(a, b);
    assertNotEquals(a, c);
    // 1000 expected arrivals; a Poisson count has sd ~32, so 850..1150 is a ~5 sigma band.
    assertTrue(a.size() > 850 && a.size() < 1150, "count " + a.size());
    for (int i = 1; i < a.size(); i++) assertTrue(a.get(i) >= a.get(i - 1));
    assertTrue(a.get(a.size() - 1) < 10_000_000_000L);
  }

  @Test
  void poissonGapsHaveExponentialMean() {
    var a = offsets(new PoissonArrivals(1000, 100_000_000_000L, 7));
    double meanGapMs = (a.get(a.size() - 1) - a.get(0)) / 1e6 / (a.size() - 1);
    assertEquals(1.0, meanGapMs, 0.03);
  }

  @Test
  void planHasOneStagePerConfiguredStageWithDistinctSeeds() {
    RunPlan plan = RunPlan.of(load(LoadType.POISSON, 5, LoadStage.rate(10, 3), LoadStage.rate(10, 3)));
    assertEquals(2, plan.stages().size());
    assertNotEquals(plan.stages().get(0).seed(), plan.stages().get(1).seed());
    assertEquals(1_000_000_000L, plan.intervalNanos());
  }

  @Test
  void concurrentStagePlansNumRequests() {
    RunPlan plan = RunPlan.of(load(LoadType.CONCURRENT, 5, LoadStage.concurrent(50, 4)));
    ClosedLoopStage stage = (ClosedLoopStage) plan.stages().get(0);
    assertEquals(50, stage.plannedRequests());
    assertEquals(4, stage.concurrency());
  }
}
