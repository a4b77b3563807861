package io.inferenceperf.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The verdict rules and the change's units, without runs (CompareCommandTest compares real runs). */
class RunComparisonTest {

  @Test
  void aChangeCountsOnlyWhenItsIntervalExcludesZeroAndItReachesTheThreshold() {
    HeadlineMetric ttft = HeadlineMetric.TTFT_MEAN;
    assertEquals(Verdict.WORSE, RunComparison.verdict(ttft, 20, 15, 25, 10));
    assertEquals(Verdict.BETTER, RunComparison.verdict(ttft, -20, -25, -15, 10));
    assertEquals(Verdict.NO_SIGNIFICANT_CHANGE, RunComparison.verdict(ttft, 20, -1, 40, 10), "interval holds 0");
    assertEquals(Verdict.WITHIN_THRESHOLD, RunComparison.verdict(ttft, 4, 2, 6, 10));
    HeadlineMetric throughput = HeadlineMetric.OUTPUT_TOKENS_PER_SEC;
    assertEquals(Verdict.BETTER, RunComparison.verdict(throughput, 20, 15, 25, 10), "more tokens/s is better");
    assertEquals(Verdict.WORSE, RunComparison.verdict(throughput, -20, -25, -15, 10));
    // Without results files there is no interval: the threshold alone decides.
    assertEquals(Verdict.WORSE, RunComparison.verdict(ttft, 12, Double.NaN, Double.NaN, 10));
    assertEquals(Verdict.NO_SIGNIFICANT_CHANGE, RunComparison.verdict(ttft, 8, Double.NaN, Double.NaN, 10));
  }

  @Test
  void changeIsRelativeExceptTheErrorRateInPoints() {
    assertEquals(20.0, RunComparison.change(HeadlineMetric.ITL_MEAN, 5, 6), 1e-9);
    assertEquals(3.0, RunComparison.change(HeadlineMetric.ERROR_RATE, 0, 3), 1e-9, "from 0% to 3%: +3 points");
    assertTrue(Double.isNaN(RunComparison.change(HeadlineMetric.TTFT_MEAN, 0, 3)));
  }

  @Test
  void percentilesInterpolateLikeNumpy() {
    double[] values = {1, 2, 3, 4, Double.NaN};
    int[] all = {0, 1, 2, 3, 4};
    assertEquals(3.7, HeadlineMetric.percentile(values, all, 90), 1e-12); // numpy.percentile([1,2,3,4], 90)
    assertEquals(2.5, HeadlineMetric.percentile(values, all, 50), 1e-12);
  }
}
