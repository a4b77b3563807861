package io.inferenceperf.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.config.LoadStage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** trace_replay's arrivals: the trace's offsets, as many rows as the stage asks for, every stage from row 0. */
class TraceArrivalsTest {

  private static final long MS = 1_000_000;
  private static final TraceTimes TIMES = new TraceTimes(new long[] {0, 10 * MS, 10 * MS, 500 * MS, 2500 * MS},
      "t.csv");

  @Test
  void offsetsAreTheRowsTimesForTheFirstCountRows() {
    assertEquals(List.of(0L, 10 * MS, 10 * MS), RunPlanTest.offsets(TraceArrivals.firstRows(TIMES, 3)));
    assertEquals(5, TraceArrivals.firstRows(TIMES, 99).count(), "never more than the trace's rows");
    assertEquals(500 * MS, TraceArrivals.firstRows(TIMES, 4).lastOffsetNanos());
  }

  @Test
  void eachStageSendsRateTimesDurationRowsFromTheStartAndLastsUntilItsLastArrival() {
    RunPlan plan = RunPlan.of(RunPlanTest.load(LoadType.TRACE_REPLAY, 1, LoadStage.rate(2, 1.5),
        LoadStage.rate(10, 1)), TIMES, -1);
    OpenLoopStage first = (OpenLoopStage) plan.stages().get(0);
    OpenLoopStage second = (OpenLoopStage) plan.stages().get(1);
    assertEquals(3, first.plannedRequests(), "floor(2 x 1.5)");
    assertEquals(List.of(0L, 10 * MS, 10 * MS), RunPlanTest.offsets(first.arrivals()));
    assertEquals(1_500 * MS, first.durationNanos(), "its arrivals fit the duration");
    assertEquals(5, second.plannedRequests(), "10 x 1 = 10 wanted, the trace has 5");
    assertEquals(2500 * MS + 1, second.durationNanos(), "extended to the last arrival");
    assertEquals("trace_replay", second.typeName());
  }

  @Test
  void theDataCanDecideTheCount() {
    RunPlan plan = RunPlan.of(RunPlanTest.load(LoadType.TRACE_REPLAY, 1, LoadStage.rate(1, 1)), TIMES, 4);
    assertEquals(4, plan.stages().get(0).plannedRequests());
  }

  @Test
  void replicasShareTheTraceRowsRoundRobin() {
    RunPlan plan = RunPlan.of(RunPlanTest.load(LoadType.TRACE_REPLAY, 1, LoadStage.rate(5, 1)), TIMES, -1);
    OpenLoopStage second = (OpenLoopStage) plan.forReplica(new ReplicaSlice(2, 1)).stages().get(0);
    assertEquals(2, second.plannedRequests());
    List<Long> offsets = new java.util.ArrayList<>();
    ArrivalSchedule.Cursor cursor = second.cursor();
    for (long o; (o = cursor.nextOffsetNanos()) >= 0; ) offsets.add(o);
    assertEquals(List.of(10 * MS, 500 * MS), offsets);
  }

  @Test
  void timesMustStartAtZeroAndNeverGoBack() {
    assertThrows(IllegalArgumentException.class, () -> new TraceTimes(new long[] {0, 5, 4}, "x"));
    assertThrows(IllegalArgumentException.class, () -> new TraceTimes(new long[] {1}, "x"));
    assertThrows(IllegalArgumentException.class, () -> RunPlan.of(RunPlanTest.load(LoadType.TRACE_REPLAY, 1,
        LoadStage.rate(1, 1))));
  }
}
