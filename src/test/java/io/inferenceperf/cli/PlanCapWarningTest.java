package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.metrics.InFlightCap;
import io.inferenceperf.schedule.OpenLoopStage;
import io.inferenceperf.schedule.RunPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Before the load: a stage whose rate the in-flight cap can carry only for sub-second requests is warned of. */
class PlanCapWarningTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aRateOverTheCapForOneSecondRequestsIsWarnedOfWithTheSettingToRaise() {
    RunPlan plan = new RunPlan(List.of(
        OpenLoopStage.of(0, LoadType.CONSTANT, 20, 10 * SECOND, 1),
        OpenLoopStage.of(1, LoadType.CONSTANT, 2000, 10 * SECOND, 1)), 0, 1);
    List<String> warnings = PlanText.capWarnings(plan, new InFlightCap(2, 100, 2500));
    assertEquals(List.of("stage 1 asks 2000 req/s with load.num_workers 2 x load.worker_max_concurrency 100 = 200"
        + " requests in flight: only requests shorter than 0.100 s keep that rate; for 1 s requests set"
        + " load.worker_max_concurrency to 1200 or raise load.num_workers"), warnings);
  }

  @Test
  void noCapNoWarning() {
    RunPlan plan = new RunPlan(List.of(OpenLoopStage.of(0, LoadType.CONSTANT, 1e6, SECOND, 1)), 0, 1);
    assertEquals(List.of(), PlanText.capWarnings(plan, new InFlightCap(2, 0, 0)));
  }
}
