package io.inferenceperf.engine;

import static io.inferenceperf.engine.VirtualRun.MS;
import static io.inferenceperf.engine.VirtualRun.constant;
import static io.inferenceperf.engine.VirtualRun.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.record.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tool stopping a stage or the run on its own (a circuit breaker), in virtual time: the stage sends nothing
 * more, keeps what it sent, ends failed; the run then goes on with the next stage or ends failed.
 */
class StageStopTest {

  @Test
  void requestsInFlightWhenTheStageStopsFinishAndAreRecorded() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 250 * MS);
    run.clock.schedule(305 * MS, () -> run.stop.failStage(0, "breaker"));
    var outcome = run.run(plan(100 * MS, constant(0, 10, 1)));
    assertEquals(4, run.out.records.size(), "the three in flight at the stop finish within the grace period");
    assertTrue(run.out.records.stream().allMatch(RequestRecord::success));
    assertEquals(550 * MS, outcome.stages().getFirst().endNanos(), "the stage ends with its last response");
    assertEquals(Status.FAILED, outcome.stages().getFirst().status());
  }

  @Test
  void aFailedStageEndsThereAndTheNextStageRuns() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 10 * MS);
    run.clock.schedule(305 * MS, () -> run.stop.failStage(0, "breaker"));
    var outcome = run.run(plan(100 * MS, constant(0, 10, 1), constant(1, 10, 1)));
    assertEquals(List.of(Status.FAILED, Status.COMPLETED), outcome.stages().stream().map(StageOutcome::status).toList());
    assertEquals(Status.FAILED, outcome.status(), "a run with a failed stage failed");
    assertEquals(4, run.out.ofStage(0).size(), "sent at 0, 100, 200 and 300 ms, each recorded");
    assertTrue(run.out.ofStage(0).stream().allMatch(RequestRecord::success));
    assertEquals(6, outcome.stages().get(0).unsent());
    assertEquals(10, run.out.ofStage(1).size(), "the next stage runs whole");
  }

  @Test
  void aFailedRunStopsItsStageAndRunsNoOther() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 10 * MS);
    run.clock.schedule(305 * MS, () -> run.stop.fail("breaker"));
    var outcome = run.run(plan(100 * MS, constant(0, 10, 1), constant(1, 10, 1)));
    assertEquals(1, outcome.stages().size());
    assertEquals(Status.FAILED, outcome.stages().getFirst().status());
    assertEquals(Status.FAILED, outcome.status());
    assertEquals(4, run.out.records.size());
  }

  @Test
  void aVerdictOnAStageThatIsOverStopsNothing() throws Exception {
    VirtualRun run = new VirtualRun(seq -> 10 * MS);
    // 1.05 s: stage 0 is over (its last response at 910 ms), stage 1 starts at 1.01 s
    run.clock.schedule(1050 * MS, () -> run.stop.failStage(0, "late"));
    var outcome = run.run(plan(100 * MS, constant(0, 10, 1), constant(1, 10, 1)));
    assertEquals(Status.COMPLETED, outcome.status());
    assertEquals(20, run.out.records.size());
  }
}
