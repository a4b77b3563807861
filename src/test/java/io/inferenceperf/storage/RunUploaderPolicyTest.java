package io.inferenceperf.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The retry waits: doubling from the first, capped. */
class RunUploaderPolicyTest {

  @Test
  void waitsDoubleUpToTheCap() {
    RunUploader.Policy policy = new RunUploader.Policy(10, 500, 3_000);
    assertEquals(500, policy.backoffNanos(1));
    assertEquals(1_000, policy.backoffNanos(2));
    assertEquals(2_000, policy.backoffNanos(3));
    assertEquals(3_000, policy.backoffNanos(4));
    assertEquals(3_000, policy.backoffNanos(9));
  }

  @Test
  void theDefaultWaitsAboutSevenAndAHalfSecondsOverFiveTries() {
    RunUploader.Policy policy = RunUploader.Policy.DEFAULT;
    long total = 0;
    for (int failed = 1; failed < policy.attempts(); failed++) total += policy.backoffNanos(failed);
    assertEquals(7_500_000_000L, total);
  }
}
