package io.inferenceperf.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WindowMathTest {

  private static TreeMap<Double, Double> buckets(double... boundAndCumulative) {
    TreeMap<Double, Double> map = new TreeMap<>();
    for (int i = 0; i < boundAndCumulative.length; i += 2) {
      map.put(boundAndCumulative[i], boundAndCumulative[i + 1]);
    }
    return map;
  }

  @Test
  void histogramQuantileInterpolatesInsideTheBucket() {
    // 4 in (0,0.1], 4 in (0.1,0.25], 2 in (0.5,1].
    TreeMap<Double, Double> h = buckets(0.1, 4, 0.25, 8, 0.5, 8, 1.0, 10, Double.POSITIVE_INFINITY, 10);
    assertEquals(0.1375, WindowMath.histogramQuantile(0.5, h), 1e-12);
    assertEquals(0.75, WindowMath.histogramQuantile(0.9, h), 1e-12);
    assertEquals(0.05, WindowMath.histogramQuantile(0.2, h), 1e-12);
    assertEquals(0.0, WindowMath.histogramQuantile(0.0, h), 1e-12);
  }

  @Test
  void histogramQuantileInTheInfBucketIsTheHighestFiniteBound() {
    TreeMap<Double, Double> h = buckets(0.5, 1, 1.0, 1, Double.POSITIVE_INFINITY, 10);
    assertEquals(1.0, WindowMath.histogramQuantile(0.99, h));
  }

  @Test
  void histogramQuantileEdgeCases() {
    assertTrue(Double.isNaN(WindowMath.histogramQuantile(0.5, buckets(1.0, 0, Double.POSITIVE_INFINITY, 0))));
    assertTrue(Double.isNaN(WindowMath.histogramQuantile(0.5, buckets(1.0, 3, 2.0, 5))), "no +Inf bucket");
    assertEquals(Double.NEGATIVE_INFINITY, WindowMath.histogramQuantile(-0.1, buckets(1.0, 1, Double.POSITIVE_INFINITY, 1)));
    // A non-monotonic scrape is evened out: the 3 after the 5 counts as 5.
    TreeMap<Double, Double> bumpy = buckets(1.0, 5, 2.0, 3, 3.0, 10, Double.POSITIVE_INFINITY, 10);
    assertEquals(2.0 + (7.5 - 5) / 5, WindowMath.histogramQuantile(0.75, bumpy), 1e-12);
    // A first bucket at or below zero answers its bound.
    assertEquals(-1.0, WindowMath.histogramQuantile(0.1, buckets(-1.0, 5, Double.POSITIVE_INFINITY, 10)));
  }

  @Test
  void sampleQuantileMatchesRankInterpolation() {
    double[] v = {4, 1, 3, 2};
    assertEquals(2.5, WindowMath.sampleQuantile(0.5, v), 1e-12);
    assertEquals(3.7, WindowMath.sampleQuantile(0.9, v), 1e-12);
    assertEquals(4.0, WindowMath.sampleQuantile(1.0, v));
    assertEquals(7.0, WindowMath.sampleQuantile(0.99, new double[] {7}));
    assertTrue(Double.isNaN(WindowMath.sampleQuantile(0.5, new double[0])));
    assertEquals(2.5, WindowMath.mean(v));
    assertEquals(4.0, WindowMath.max(v));
  }

  @Test
  void counterIncreaseCountsAcrossResets() {
    assertEquals(5, WindowMath.counterIncrease(10, new double[] {12, 15}));
    WindowMath.Increase reset = WindowMath.increase(10, new double[] {12, 3, 7});
    assertEquals(2 + 3 + 4, reset.total());
    assertTrue(reset.reset());
    assertFalse(WindowMath.increase(1, new double[] {1, 1}).reset());
  }

  @Test
  void windowIncreaseStartsFromTheLastSampleAtOrBeforeTheStart() {
    long[] t = {1000, 2000, 3000, 4000, 5000};
    double[] v = {10, 11, 14, 2, 5};
    WindowMath.Increase inc = WindowMath.windowIncrease(t, v, 2000, 4500);
    assertEquals(3 + 2, inc.total(), "11 -> 14, then reset to 2; 5 at t=5000 is outside");
    assertTrue(inc.reset());
    assertEquals(10, WindowMath.windowIncrease(t, v, 500, 1000).total(), "a series born inside counts from 0");
  }

  @Test
  void roundingKeepsSixDecimalsAndNull() {
    assertEquals(0.123457, WindowMath.round6(0.1234567));
    assertEquals(null, WindowMath.round6(null));
    assertEquals(1.0e15, WindowMath.round6(1.0e15));
  }
}
