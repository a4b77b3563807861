package io.inferenceperf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.RequestRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientHealthTest {

  private static final long MS = 1_000_000L;

  /** {@code count} requests meant every {@code intervalMs}, actually sent every {@code sentIntervalMs}, each late. */
  private static Summary stage(int count, long intervalMs, long sentIntervalMs, long lateMs) {
    StageAggregate stage = new StageAggregate(new AggregationSettings(List.of(50.0), false, 5, Map.of(), 100));
    for (int i = 0; i < count; i++) {
      long intended = i * intervalMs * MS;
      long sent = i * sentIntervalMs * MS + lateMs * MS;
      stage.add(new RequestRecord(i, 0, intended, Math.max(sent, intended), sent + 50 * MS, new long[0],
          new int[0], -1, 1, true, 1, 1, -1, 1, 200, null, "m", null, null, 0, -1, -1));
    }
    return stage.summarize(List.of(50.0));
  }

  @Test
  void onScheduleIsKeptUp() {
    ClientHealth health = ClientHealth.assess(StageInfo.rate(10, 101), stage(101, 100, 100, 0), 0,
        ClientHealth.Thresholds.DEFAULT);
    assertTrue(health.keptUp());
    assertNull(health.warning());
    assertEquals(101 / 10.0, health.achievedRate(), 1e-9);
  }

  @Test
  void sendingSlowerThanAskedIsNotKeptUp() {
    ClientHealth health = ClientHealth.assess(StageInfo.rate(10, 101), stage(101, 100, 110, 0), 0,
        ClientHealth.Thresholds.DEFAULT);
    assertFalse(health.keptUp());
    assertTrue(health.warning().contains("achieved 9.18 req/s of 10.00 requested"), health.warning());
  }

  @Test
  void sendingLateIsNotKeptUpEvenAtTheRightRate() {
    ClientHealth health = ClientHealth.assess(StageInfo.rate(10, 101), stage(101, 100, 100, 11), 0,
        ClientHealth.Thresholds.DEFAULT);
    assertFalse(health.keptUp());
    assertEquals(0.011, health.scheduleDelayP99Seconds(), 1e-12);
    assertTrue(health.warning().contains("schedule delay p99 11.0 ms > 10.0 ms"), health.warning());
  }

  @Test
  void concurrentStagesAreJudgedOnDelayOnly() {
    ClientHealth health = ClientHealth.assess(StageInfo.concurrent(1000, 8), stage(20, 100, 100, 0), 0,
        ClientHealth.Thresholds.DEFAULT);
    assertTrue(health.keptUp(), "requested_rate of a concurrent stage is its request count, not a rate");
    assertTrue(Double.isNaN(health.requestedRate()));
  }

  @Test
  void plannedRequestsNeverSentAreNotKeptUp() {
    ClientHealth health = ClientHealth.assess(StageInfo.rate(10, 110), stage(101, 100, 100, 0), 9,
        ClientHealth.Thresholds.DEFAULT);
    assertFalse(health.keptUp());
    assertTrue(health.warning().contains("9 of 110 planned requests never sent"), health.warning());
  }

  @Test
  void aSingleRequestCannotFailTheRateCheck() {
    ClientHealth health = ClientHealth.assess(StageInfo.rate(10, 101), stage(1, 100, 100, 0), 0,
        ClientHealth.Thresholds.DEFAULT);
    assertTrue(health.keptUp());
    assertEquals(0.0, health.achievedRate());
  }
}
