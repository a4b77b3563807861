package io.inferenceperf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values are numpy 2.4 outputs of np.percentile(values, p), printed with repr(). */
class PercentilesTest {

  private static final List<Double> REPORT_PERCENTILES =
      List.of(0.1, 1.0, 5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9);

  private static double[] percentiles(double[] values, List<Double> ps) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return ps.stream().mapToDouble(p -> Percentiles.linear(sorted, sorted.length, p)).toArray();
  }

  @Test
  void matchesNumpyOnTheTextbookExample() {
    double[] result = percentiles(new double[] {1, 2, 3, 4}, List.of(25.0, 50.0, 90.0));
    assertEquals(1.75, result[0], 0.0);
    assertEquals(2.5, result[1], 0.0);
    assertEquals(3.7, result[2], 0.0);
  }

  @Test
  void matchesNumpyBitForBitOnUnsortedDoubles() {
    double[] result = percentiles(new double[] {0.1, 0.2, 0.3, 0.7, 1.1, 5.0, 2.5}, REPORT_PERCENTILES);
    double[] numpy = {
      0.10060000000000001, 0.10600000000000001, 0.13, 0.16000000000000003, 0.25, 0.7, 1.8, 3.500000000000001,
      4.249999999999998, 4.849999999999999, 4.985000000000001
    };
    for (int i = 0; i < numpy.length; i++) {
      assertEquals(numpy[i], result[i], 0.0, "p" + REPORT_PERCENTILES.get(i));
    }
  }

  @Test
  void matchesNumpyWithNegativeValuesAndDuplicates() {
    double[] result = percentiles(new double[] {3, -1, 10, 2, 2}, REPORT_PERCENTILES);
    double[] numpy = {
      -0.988, -0.88, -0.3999999999999999, 0.20000000000000018, 2.0, 2.0, 3.0, 7.200000000000001, 8.599999999999998,
      9.719999999999999, 9.972000000000003
    };
    for (int i = 0; i < numpy.length; i++) {
      assertEquals(numpy[i], result[i], 0.0, "p" + REPORT_PERCENTILES.get(i));
    }
  }

  @Test
  void matchesNumpyOnALargerSet() {
    double[] values = new double[1001];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i * 7919) % 1000;
    }
    double[] result = percentiles(values, List.of(33.3, 66.7, 99.99));
    assertEquals(331.99999999999994, result[0], 0.0);
    assertEquals(666.0, result[1], 0.0);
    assertEquals(998.8999999999999, result[2], 0.0);
  }

  @Test
  void aSingleValueIsEveryPercentile() {
    double[] result = percentiles(new double[] {7}, REPORT_PERCENTILES);
    for (double value : result) {
      assertEquals(7.0, value, 0.0);
    }
  }

  @Test
  void rejectsEmptySetsAndOutOfRangePercentiles() {
    assertThrows(IllegalArgumentException.class, () -> Percentiles.linear(new double[0], 0, 50));
    assertThrows(IllegalArgumentException.class, () -> Percentiles.linear(new double[] {1}, 1, 101));
    assertThrows(IllegalArgumentException.class, () -> Percentiles.linear(new double[] {1}, 1, Double.NaN));
  }

  @Test
  void keysFollowPythonGeneralFormat() {
    assertEquals("median", Percentiles.key(50));
    assertEquals("p0.1", Percentiles.key(0.1));
    assertEquals("p1", Percentiles.key(1.0));
    assertEquals("p99.9", Percentiles.key(99.9));
    assertEquals("p99.99", Percentiles.key(99.99));
    assertEquals("p12.5", Percentiles.key(12.5));
    assertEquals("p100", Percentiles.key(99.9999999));
    assertEquals("p1e-05", Percentiles.key(0.00001));
    assertEquals("p0.0001", Percentiles.key(0.0001));
    assertEquals("p0", Percentiles.key(0));
    assertEquals("p100", Percentiles.key(100));
  }
}
