package io.inferenceperf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.inferenceperf.record.StartAgreement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A merged report's entry per load generator: how it agreed on its start and its node's clock offset. */
class LoadGeneratorTallyTest {

  @Test
  void aBarrierStartShowsTheClockOffsetInSeconds() {
    LoadGeneratorTally tally = new LoadGeneratorTally("replica 1 of 2", new StartAgreement(
        StartAgreement.KUBERNETES_BARRIER, 1_796_551_200_000L, -12.5, 4.0, 3_000L, true));
    tally.stageStarted(2_000_000_000L);
    Map<String, Object> map = tally.toReportMap(1_000_000_000L);
    assertEquals("kubernetes_barrier", map.get("start_agreed_by"));
    assertEquals(-0.0125, map.get("clock_offset_seconds"));
    assertEquals(0.004, map.get("clock_offset_uncertainty_seconds"));
    assertEquals(1.0, map.get("start_offset_seconds"));
  }

  @Test
  void aFixedStartHasNoOffsetAndAnOldFileNoStartAtAll() {
    Map<String, Object> fixed = new LoadGeneratorTally("replica 0 of 2", StartAgreement.fixed(1L)).toReportMap(0);
    assertEquals("start_at", fixed.get("start_agreed_by"));
    assertFalse(fixed.containsKey("clock_offset_seconds"));
    assertFalse(new LoadGeneratorTally("results 1").toReportMap(0).containsKey("start_agreed_by"));
  }
}
