package io.inferenceperf.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClockOffsetEstimateTest {

  /** A server whose clock is {@code offset} ahead, answering {@code rtt} after the request, at its midpoint. */
  private static void ask(ClockOffsetEstimate estimate, long localSentMillis, long rttMillis, long offsetMillis) {
    long serverReadMillis = localSentMillis + rttMillis / 2 + offsetMillis;
    long dateMillis = Math.floorDiv(serverReadMillis, 1000) * 1000;
    estimate.add(localSentMillis, localSentMillis + rttMillis, dateMillis);
  }

  @Test
  void noAnswerNoEstimate() {
    assertNull(new ClockOffsetEstimate().offset());
  }

  @Test
  void oneAnswerBoundsTheOffsetToASecondAndTheRoundTrip() {
    ClockOffsetEstimate estimate = new ClockOffsetEstimate();
    ask(estimate, 1_000_000_300L, 10, 250);
    var offset = estimate.offset();
    assertEquals(505.0, offset.uncertaintyMillis(), 0.01); // (1000 + 10) / 2
    assertTrue(Math.abs(offset.offsetMillis() - 250) <= offset.uncertaintyMillis());
  }

  @Test
  void answersAtDifferentPointsOfTheSecondNarrowItToAboutTheRoundTrip() {
    for (long trueOffset : new long[] {250, -1_730, 0, 86_400_017}) {
      ClockOffsetEstimate estimate = new ClockOffsetEstimate();
      for (int i = 0; i < 30; i++) ask(estimate, 1_765_000_000_123L + i * 97L, 10, trueOffset);
      var offset = estimate.offset();
      assertEquals(30, offset.samples());
      assertTrue(offset.uncertaintyMillis() <= 30, "uncertainty " + offset.uncertaintyMillis());
      assertTrue(Math.abs(offset.offsetMillis() - trueOffset) <= offset.uncertaintyMillis(),
          trueOffset + " vs " + offset);
    }
  }

  @Test
  void aClockStepKeepsTheLatestAnswersWindow() {
    ClockOffsetEstimate estimate = new ClockOffsetEstimate();
    for (int i = 0; i < 10; i++) ask(estimate, 1_765_000_000_000L + i * 97L, 10, 0);
    ask(estimate, 1_765_000_001_000L, 10, 5_000); // the server's clock jumped 5 s ahead
    assertTrue(Math.abs(estimate.offset().offsetMillis() - 5_000) <= estimate.offset().uncertaintyMillis());
  }
}
