package io.inferenceperf.data;

import java.util.random.RandomGenerator;

/** Poisson variates: Knuth's product method for small means, Hormann's PTRS (1993) for large ones. */
final class Poisson {

  private static final double SMALL_MEAN = 30;

  private Poisson() {}

  static long sample(RandomGenerator random, double mean) {
    return mean < SMALL_MEAN ? byProducts(random, mean) : byTransformedRejection(random, mean);
  }

  private static long byProducts(RandomGenerator random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    long count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }

  /** PTRS: "The transformed rejection method for generating Poisson random variables", W. Hormann. */
  private static long byTransformedRejection(RandomGenerator random, double mean) {
    double logMean = Math.log(mean);
    double b = 0.931 + 2.53 * Math.sqrt(mean);
    double a = -0.059 + 0.02483 * b;
    double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = random.nextDouble() - 0.5;
      double v = random.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      double lhs = Math.log(v * invAlpha / (a / (us * us) + b));
      double rhs = -mean + k * logMean - logFactorial(k);
      if (lhs <= rhs) {
        return k;
      }
    }
  }

  private static double logFactorial(long k) {
    if (k < 2) {
      return 0;
    }
    // Stirling series; exact enough for k >= 2 at the precision rejection sampling needs.
    double x = k + 1.0;
    return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
  }
}
