package io.inferenceperf.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The triggers of inference-perf's circuit breakers (spec 4.9), with sample times given. */
class BreakerTest {
  private static final long S = 1_000_000_000L;

  @Test
  void consecutiveFiresAtThresholdAndAMissResets() {
    Trigger.Consecutive trigger = new Trigger.Consecutive(3);
    assertFalse(trigger.add(true, 0));
    assertFalse(trigger.add(true, 1));
    assertFalse(trigger.add(false, 2));
    assertFalse(trigger.add(true, 3));
    assertFalse(trigger.add(true, 4));
    assertTrue(trigger.add(true, 5));
  }

  @Test
  void rateOverWindowNeedsMinSamplesAndDropsOldSamples() {
    Trigger.RateOverWindow trigger = new Trigger.RateOverWindow(2.5, 0.8, 2);
    assertFalse(trigger.add(true, 0), "one sample is below min_samples");
    assertTrue(trigger.add(true, S), "2 of 2 hits >= 0.8");
    Trigger.RateOverWindow mixed = new Trigger.RateOverWindow(2.5, 0.8, 2);
    mixed.add(false, 0);
    mixed.add(true, S);
    assertFalse(mixed.add(true, 2 * S), "2 of 3 = 0.67");
    assertTrue(mixed.add(true, 3 * S), "the miss at 0 left the window: 3 of 3");
  }

  @Test
  void breakerOpensOnceAndNamesTheTrigger() {
    Breaker breaker = new Breaker("timeouts",
        List.of(new Trigger.Consecutive(10), new Trigger.RateOverWindow(2.5, 0.8, 2)));
    assertNull(breaker.add(true, 0));
    Breaker.Trip trip = breaker.add(true, S / 2);
    assertNotNull(trip);
    assertEquals("timeouts", trip.breaker());
    assertTrue(trip.trigger().startsWith("rate_over_window"), trip.trigger());
    assertEquals(2, trip.samples());
    assertNull(breaker.add(false, S), "already open: no second trip");
    assertTrue(breaker.open());
  }

  @Test
  void eachTriggerNamesTheHitsItFiredOn() {
    Trigger.Consecutive consecutive = new Trigger.Consecutive(2);
    consecutive.add(true, 0, 7);
    consecutive.add(false, 1, 8);
    consecutive.add(true, 2, 9);
    assertTrue(consecutive.add(true, 3, 10));
    assertEquals(List.of(9L, 10L), consecutive.evidence(), "the run of hits, not the one a miss ended");

    Trigger.RateOverWindow window = new Trigger.RateOverWindow(2, 0.5, 3);
    assertFalse(window.add(true, 0, 1));
    assertFalse(window.add(false, S, 2));
    assertFalse(window.add(false, 3 * S / 2, 3), "1 hit of 3");
    assertFalse(window.add(true, 5 * S / 2, 4), "the hit at 0 left the window: 1 of 3");
    assertTrue(window.add(true, 11 * S / 4, 5), "2 of 4");
    assertEquals(List.of(4L, 5L), window.evidence());
    assertFalse(window.evidence().contains(1L), "only hits still in the window");
  }

  @Test
  void aResetBreakerStartsWithFreshTriggers() {
    Breaker breaker = new Breaker("errors", () -> List.of(new Trigger.Consecutive(2)));
    breaker.add(true, 0, 1);
    assertNotNull(breaker.add(true, 1, 2));
    breaker.reset();
    assertFalse(breaker.open());
    assertNull(breaker.add(true, 2, 3), "one hit of the new count");
    Breaker.Trip again = breaker.add(true, 3, 4);
    assertEquals(List.of(3L, 4L), again.evidence());
    assertEquals(2, again.samples());
  }
}
