package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.Distribution;
import io.inferenceperf.config.Distribution.Type;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LengthSamplerTest {

  private static final int SAMPLES = 20_000;

  private static int[] sample(Distribution distribution) {
    LengthSampler sampler = new LengthSampler(distribution);
    SplittableRandom random = new SplittableRandom(42);
    return IntStream.range(0, SAMPLES).map(i -> sampler.sample(random)).toArray();
  }

  private static double mean(int[] values) {
    return IntStream.of(values).average().orElseThrow();
  }

  private static double stdDev(int[] values) {
    double mean = mean(values);
    return Math.sqrt(IntStream.of(values).mapToDouble(v -> (v - mean) * (v - mean)).sum() / values.length);
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void everySampleStaysWithinMinAndMax(Type type) {
    int[] values = sample(TestConfigs.of(type, 100, 300, 200, 400));
    assertTrue(IntStream.of(values).allMatch(v -> v >= 100 && v <= 300), type + " left [100, 300]");
  }

  @Test
  void normalHasTheConfiguredMeanAndSpread() {
    int[] values = sample(TestConfigs.normal(1, 10_000, 500, 100));
    assertEquals(500, mean(values), 3);
    assertEquals(100, stdDev(values), 3);
  }

  @Test
  void lognormalIsMomentMatchedAboveMin() {
    int[] values = sample(TestConfigs.of(Type.LOGNORMAL, 100, 100_000, 400, 150));
    assertEquals(400, mean(values), 5);
    assertEquals(150, stdDev(values), 8);
    assertTrue(IntStream.of(values).min().orElseThrow() >= 100);
  }

  @Test
  void uniformCoversTheRangeEvenly() {
    int[] values = sample(TestConfigs.of(Type.UNIFORM, 10, 20, 0, 0));
    assertEquals(15, mean(values), 0.2);
    assertTrue(IntStream.of(values).anyMatch(v -> v == 10));
  }

  @Test
  void fixedIsTheIntegerPartOfMean() {
    assertTrue(IntStream.of(sample(TestConfigs.of(Type.FIXED, 1, 1000, 256.9, 50))).allMatch(v -> v == 256));
  }

  @Test
  void poissonHasMeanLambdaForSmallAndLargeLambda() {
    assertEquals(7, mean(sample(TestConfigs.of(Type.POISSON, 0, 10_000, 7, 0))), 0.1);
    int[] large = sample(TestConfigs.of(Type.POISSON, 0, 10_000, 400, 0));
    assertEquals(400, mean(large), 1);
    assertEquals(20, stdDev(large), 1); // sqrt(400)
  }

  @Test
  void skewNormalLeansTowardsTheSkew() {
    int[] right = sample(new Distribution(0, 10_000, 1000, 100, null, Type.SKEW_NORMAL, null, 5));
    int[] left = sample(new Distribution(0, 10_000, 1000, 100, null, Type.SKEW_NORMAL, null, -5));
    // mean of a standard skew normal is delta*sqrt(2/pi) = 0.78 for skew 5
    assertEquals(1078, mean(right), 3);
    assertEquals(922, mean(left), 3);
  }

  @Test
  void varianceIsUsedWhenStdDevIsZero() {
    int[] values = sample(new Distribution(1, 10_000, 500, 0, null, Type.NORMAL, 2500.0, 0));
    assertEquals(50, stdDev(values), 2);
  }

  @Test
  void roundsHalfToEvenAsNumpyDoes() {
    assertTrue(IntStream.of(sample(TestConfigs.normal(1, 10, 2.5, 0))).allMatch(v -> v == 2));
    assertTrue(IntStream.of(sample(TestConfigs.normal(1, 10, 3.5, 0))).allMatch(v -> v == 4));
  }

  @Test
  void reportsUnusableDistributionsByKey() {
    assertEquals(1, LengthSampler.problems(TestConfigs.normal(10, 100, 500, 10), "data.input_distribution").size());
    assertTrue(LengthSampler.problems(TestConfigs.normal(10, 100, 500, 10), "data.input_distribution").get(0)
        .startsWith("data.input_distribution: a normal distribution needs mean"));
    assertEquals(1, LengthSampler.problems(TestConfigs.of(Type.LOGNORMAL, 10, 100, 10, 5), "k").size());
    assertEquals(1, LengthSampler.problems(TestConfigs.normal(100, 10, 50, 10), "k").size());
    assertTrue(LengthSampler.problems(TestConfigs.normal(10, 100, 50, 10), "k").isEmpty());
    // sample_from_distribution (shared_prefix) only clips a normal: a mean outside [min, max] is usable there.
    assertTrue(LengthSampler.problems(TestConfigs.normal(10, 100, 500, 10), "k", true).isEmpty());
    assertTrue(LengthSampler.problems(TestConfigs.normal(10, 100, 5, 10), "k", true).isEmpty());
  }
}
