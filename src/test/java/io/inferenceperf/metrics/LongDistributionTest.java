package io.inferenceperf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongDistributionTest {

  private static final List<Double> PS = List.of(0.1, 1.0, 5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9);

  private static double exactPercentile(long[] values, double p) {
    double[] sorted = Arrays.stream(values).asDoubleStream().sorted().toArray();
    return Percentiles.linear(sorted, sorted.length, p);
  }

  private static long[] latencies(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      // log-normal-ish latencies between ~1 ms and ~10 s, in nanoseconds
      values[i] = (long) (1e6 * Math.exp(random.nextDouble() * 9.2));
    }
    return values;
  }

  @Test
  void emptyDistributionSummarizesToNull() {
    LongDistribution distribution = new LongDistribution(10);
    assertNull(distribution.summarize(PS, 1e9));
    assertTrue(Double.isNaN(distribution.percentile(50)));
  }

  @Test
  void belowTheCapPercentilesAreExact() {
    long[] values = latencies(5000, 1);
    LongDistribution distribution = new LongDistribution(10_000);
    for (long value : values) {
      distribution.record(value);
    }
    assertTrue(distribution.exact());
    for (double p : PS) {
      assertEquals(exactPercentile(values, p), distribution.percentile(p), 0.0, "p" + p);
    }
    assertEquals(Arrays.stream(values).min().orElseThrow(), distribution.min());
    assertEquals(Arrays.stream(values).max().orElseThrow(), distribution.max());
  }

  @Test
  void pastTheCapPercentilesComeFromTheHistogramWithinItsPrecision() {
    long[] values = latencies(20_000, 2);
    LongDistribution distribution = new LongDistribution(1000);
    for (long value : values) {
      distribution.record(value);
    }
    assertFalse(distribution.exact());
    for (double p : PS) {
      double exact = exactPercentile(values, p);
      // 3 significant digits: bucket midpoints are within 0.05% of every value in the bucket, and interpolation
      // between two such values stays within the same relative bound
      assertEquals(exact, distribution.percentile(p), exact * 0.001, "p" + p);
    }
    DistributionSummary summary = distribution.summarize(PS, 1e9);
    assertFalse(summary.exact());
    double exactMean = Arrays.stream(values).average().orElseThrow();
    assertEquals(exactMean / 1e9, summary.mean(), 1e-15, "mean stays exact past the cap");
    assertEquals(Arrays.stream(values).max().orElseThrow() / 1e9, summary.max(), 0.0);
    assertEquals(Arrays.stream(values).min().orElseThrow() / 1e9, summary.min(), 0.0);
  }

  @Test
  void switchesToTheHistogramExactlyWhenTheCapIsExceeded() {
    LongDistribution distribution = new LongDistribution(3);
    distribution.record(1);
    distribution.record(2);
    distribution.record(3);
    assertTrue(distribution.exact());
    distribution.record(4);
    assertFalse(distribution.exact());
    assertEquals(4, distribution.count());
    assertEquals(2.5, distribution.percentile(50), 0.0, "small integers are exact in the histogram too");
  }

  @Test
  void repeatedValuesCountAsManyValues() {
    LongDistribution distribution = new LongDistribution(100);
    distribution.recordRepeated(0, 3);
    distribution.record(10);
    assertEquals(4, distribution.count());
    assertEquals(2.5, distribution.mean(), 0.0);
    assertEquals(0.0, distribution.percentile(50), 0.0);
    assertEquals(10.0 * 0.0 + 7.0, distribution.percentile(90), 1e-12);
  }

  @Test
  void negativeValuesWorkInBothModes() {
    long[] values = {-5_000_000, -20_000, 0, 15_000, 300_000, 2_000_000, -1};
    LongDistribution exact = new LongDistribution(100);
    LongDistribution hdr = new LongDistribution(0);
    for (long value : values) {
      exact.record(value);
      hdr.record(value);
    }
    for (double p : PS) {
      double expected = exactPercentile(values, p);
      assertEquals(expected, exact.percentile(p), 0.0);
      assertEquals(expected, hdr.percentile(p), Math.abs(expected) * 0.001 + 1, "hdr p" + p);
    }
    assertEquals(-5_000_000, hdr.min());
  }

  @Test
  void mergeEqualsRecordingEverythingInOne() {
    long[] values = latencies(3000, 3);
    LongDistribution all = new LongDistribution(10_000);
    LongDistribution first = new LongDistribution(10_000);
    LongDistribution second = new LongDistribution(10_000);
    for (int i = 0; i < values.length; i++) {
      all.record(values[i]);
      (i % 3 == 0 ? first : second).record(values[i]);
    }
    first.merge(second);
    assertEquals(all.summarize(PS, 1e9), first.summarize(PS, 1e9));
    assertTrue(first.exact());
  }

  @Test
  void mergePastTheCapFallsBackToTheHistogram() {
    long[] values = latencies(3000, 4);
    LongDistribution all = new LongDistribution(2000);
    LongDistribution first = new LongDistribution(2000);
    LongDistribution second = new LongDistribution(2000);
    for (int i = 0; i < values.length; i++) {
      all.record(values[i]);
      (i < 1500 ? first : second).record(values[i]);
    }
    assertTrue(first.exact());
    assertTrue(second.exact());
    first.merge(second);
    assertFalse(first.exact());
    for (double p : PS) {
      assertEquals(all.percentile(p), first.percentile(p), 0.0, "same histogram, same answer: p" + p);
    }
  }

  @Test
  void sumDoesNotOverflow() {
    LongDistribution distribution = new LongDistribution(10);
    distribution.recordRepeated(Long.MAX_VALUE / 2, 8);
    assertEquals(4.0 * Long.MAX_VALUE, distribution.sum(), Long.MAX_VALUE * 1e-12);
    assertEquals(Long.MAX_VALUE / 2.0, distribution.mean(), Long.MAX_VALUE * 1e-12);
  }

  @Test
  void negativeTotalsKeepTheirSmallDigits() {
    LongDistribution distribution = new LongDistribution(100);
    distribution.recordRepeated(-1, 14);
    assertEquals(-14.0, distribution.sum(), 0.0);
    assertEquals(-1.0, distribution.mean(), 0.0);
    distribution.record(-3_000_000_000_000L);
    distribution.record(2_000_000_000_000L);
    assertEquals(-1_000_000_000_014.0, distribution.sum(), 0.0);
    LongDistribution delays = new LongDistribution(0); // histogram mode: the sum is kept the same way
    delays.record(-250);
    delays.record(-50);
    assertEquals(-150.0, delays.mean(), 0.0);
  }
}
