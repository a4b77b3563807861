package io.inferenceperf.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inferenceperf.config.LoadConfig.LoadType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shares of a distributed run: disjoint, together exactly the whole schedule, prompts by run-wide index. */
class ReplicaSliceTest {

  private static List<Long> offsets(ArrivalSchedule.Cursor cursor) {
    List<Long> out = new ArrayList<>();
    long offset;
    while ((offset = cursor.nextOffsetNanos()) >= 0) out.add(offset);
    return out;
  }

  @Test
  void theSharesOfAPoissonStageAreDisjointAndTogetherTheWholeStage() {
    OpenLoopStage whole = OpenLoopStage.of(0, LoadType.POISSON, 37.5, 3_000_000_000L, 99);
    List<Long> all = offsets(whole.cursor());
    for (int replicas : new int[] {2, 3, 4, 7}) {
      List<Long> union = new ArrayList<>();
      long planned = 0;
      for (int index = 0; index < replicas; index++) {
        OpenLoopStage share = whole.sliced(new ReplicaSlice(replicas, index));
        List<Long> mine = offsets(share.cursor());
        assertEquals(share.plannedRequests(), mine.size(), "planned = what the share sends");
        for (int j = 0; j < mine.size(); j++) {
          assertEquals(all.get((int) share.slice().globalIndex(j)), mine.get(j), "arrival j is run-wide index");
        }
        union.addAll(mine);
        planned += share.plannedRequests();
      }
      union.sort(null);
      assertEquals(all, union, replicas + " shares");
      assertEquals(whole.plannedRequests(), planned);
    }
  }

  @Test
  void countsConcurrencyAndIndicesSplitEvenlyWithTheRemainderFirst() {
    ReplicaSlice first = new ReplicaSlice(4, 0);
    ReplicaSlice last = new ReplicaSlice(4, 3);
    assertEquals(3, first.count(10));
    assertEquals(2, last.count(10));
    assertEquals(0, last.count(3));
    assertEquals(11, last.globalIndex(2));
    assertEquals(3, first.concurrency(10));
    assertEquals(2, last.concurrency(10));
    ClosedLoopStage closed = new ClosedLoopStage(1, 10, 10, 5).sliced(last);
    assertEquals(2, closed.plannedRequests());
    assertEquals(2, closed.concurrency());
    assertEquals(ReplicaSlice.WHOLE, new ClosedLoopStage(1, 10, 10, 5).slice());
    assertThrows(IllegalArgumentException.class, () -> new ReplicaSlice(2, 2));
    assertThrows(IllegalArgumentException.class, () -> new ReplicaSlice(0, 0));
  }

  @Test
  void aRunPlanSlicesEveryStageAndSaysWhoseShareItIs() {
    RunPlan plan = new RunPlan(List.of(OpenLoopStage.of(0, LoadType.CONSTANT, 10, 2_000_000_000L, 1),
        new ClosedLoopStage(1, 9, 3, 2)), 0, 7);
    RunPlan share = plan.forReplica(new ReplicaSlice(3, 1));
    assertEquals(new ReplicaSlice(3, 1), share.replica());
    assertEquals(7 + 3, share.totalPlannedRequests());
    assertEquals(plan, plan.forReplica(ReplicaSlice.WHOLE));
  }
}
