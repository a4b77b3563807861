package io.inferenceperf.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.SweepConfig.SweepType;
import io.inferenceperf.record.Failure;
import io.inferenceperf.record.RequestRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sweep's pure logic against values computed by hand and with numpy (np.linspace, np.geomspace,
 * np.percentile): samples of requests in flight, burn-down rates, the saturation percentile, the stage rates, and
 * the client-limit checks.
 */
class SweepLogicTest {
  private static final long S = 1_000_000_000L;

  private static RequestRecord sent(long intendedNanos, long sentNanos, long endNanos) {
    return new RequestRecord(0, 0, intendedNanos, sentNanos, endNanos, new long[0], new int[0], -1, 10, false, 5,
        -1, -1, 100, 200, null, "m", null, null, 0, -1);
  }

  @Test
  void samplesCountRequestsFromSendToEndEveryHalfSecondBeforeTheTimeout() {
    List<RequestRecord> records = List.of(
        sent(0, 0, 2 * S), // in flight at 0, 0.5, 1, 1.5
        sent(0, S / 4, S), // at 0.5
        sent(0, S, 3 * S), // at 1 .. 2.5
        RequestRecord.notSent(3, 0, 0, S, new Failure(Failure.Kind.NOT_SENT, 0, "not sent")));
    List<ActiveSamples.Sample> samples = ActiveSamples.of(records, 0, 10 * S);
    assertEquals(List.of(1, 2, 2, 2, 1, 1, 0), samples.stream().map(ActiveSamples.Sample::active).toList());
    assertEquals(3.0, samples.get(6).seconds(), 1e-12);
    List<ActiveSamples.Sample> cut = ActiveSamples.of(records, 0, S + 1);
    assertEquals(3, cut.size(), "samples at or after the timeout are dropped");
  }

  @Test
  void saturationIsThePercentileOfBurnDownRates() throws Exception {
    // active: 10 -> 12 (up: ignored) -> 10 -> 8 -> 5 -> 1 -> 1 (flat: ignored)
    List<ActiveSamples.Sample> samples = new ArrayList<>();
    int[] active = {10, 12, 10, 8, 5, 1, 1};
    for (int i = 0; i < active.length; i++) samples.add(new ActiveSamples.Sample(i * 0.5, active[i]));
    SaturationEstimate estimate = SaturationEstimate.of(samples, 95);
    assertEquals(List.of(4.0, 4.0, 6.0, 8.0), estimate.burnDownRates());
    // np.percentile([4, 4, 6, 8], 95) = 7.7
    assertEquals(7.7, estimate.saturationRate(), 1e-12);
    assertEquals(5.0, SaturationEstimate.of(samples, 50).saturationRate(), 1e-12);
  }

  @Test
  void tooFewBurnDownRatesNameTheKeysToRaise() {
    List<ActiveSamples.Sample> samples = List.of(new ActiveSamples.Sample(0, 5), new ActiveSamples.Sample(0.5, 3),
        new ActiveSamples.Sample(1.0, 3));
    SaturationEstimate.TooFewSamplesException e =
        assertThrows(SaturationEstimate.TooFewSamplesException.class, () -> SaturationEstimate.of(samples, 95));
    assertTrue(e.getMessage().contains("load.sweep.num_requests") && e.getMessage().contains("load.sweep.timeout"),
        e.getMessage());
  }

  @Test
  void ratesFollowNumpyLinspaceAndGeomspace() {
    // np.round(np.linspace(1, 10, 5), 2)
    assertEquals(List.of(1.0, 3.25, 5.5, 7.75, 10.0), SweepPlanner.rates(SweepType.LINEAR, 10, 5));
    // [round(1 + 10 - x, 2) for x in np.geomspace(10, 1, 5)]
    assertEquals(List.of(1.0, 5.38, 7.84, 9.22, 10.0), SweepPlanner.rates(SweepType.GEOMETRIC, 10, 5));
    assertEquals(List.of(1.0), SweepPlanner.rates(SweepType.LINEAR, 10, 1));
    // np.round(np.linspace(1, 37.456, 3), 2)
    assertEquals(List.of(1.0, 19.23, 37.46), SweepPlanner.rates(SweepType.LINEAR, 37.456, 3));
  }

  @Test
  void clientLimitsFlagTheCapLateSendsAndUnsentRequests() {
    List<RequestRecord> onTime = List.of(sent(0, 1_000_000, S), sent(S / 4, S / 4 + 1_000_000, S));
    List<ActiveSamples.Sample> samples = ActiveSamples.of(onTime, 0, 10 * S);
    assertEquals(List.of(), ClientLimits.find(onTime, samples, 100));
    List<String> capped = ClientLimits.find(onTime, samples, 2);
    assertEquals(1, capped.size());
    assertTrue(capped.get(0).contains("load.worker_max_concurrency"), capped.get(0));

    List<RequestRecord> late = List.of(sent(0, S / 2, S), sent(0, S / 2, S),
        RequestRecord.notSent(2, 0, 0, S, new Failure(Failure.Kind.NOT_SENT, 0, "not sent")));
    List<String> limits = ClientLimits.find(late, ActiveSamples.of(late, 0, 10 * S), 0);
    assertEquals(2, limits.size(), limits.toString());
    assertTrue(limits.get(0).contains("schedule delay 500 ms"), limits.get(0));
    assertTrue(limits.get(1).startsWith("1 probe requests were never sent"), limits.get(1));
  }
}
