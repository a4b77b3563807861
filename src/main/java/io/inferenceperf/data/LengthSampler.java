package io.inferenceperf.data;

import io.inferenceperf.config.Distribution;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Samples token lengths from a {@link Distribution} the way inference-perf's {@code generate_distribution} does
 * (used by the random and synthetic data types): the raw value is clipped to [min, max], rounded half to even and
 * clipped again.
 *
 * <ul>
 *   <li>fixed: the integer part of mean;
 *   <li>uniform: a real number in [min, max);
 *   <li>normal: mean + std_dev * N(0,1); mean must lie in [min, max];
 *   <li>lognormal: min + a lognormal whose mean and standard deviation are (mean - min) and std_dev;
 *   <li>skew_normal and poisson, which inference-perf rejects for these data types, are accepted with the
 *       semantics of its {@code sample_from_distribution}: Azzalini's skew normal (mean + std_dev * z) and a
 *       Poisson variate with lambda = mean (1 when mean is not positive).
 * </ul>
 *
 * std_dev is sqrt(variance) when variance is set and std_dev is 0, as inference-perf behaves. Thread-safe (no
 * state besides the immutable distribution).
 */
public final class LengthSampler {

  private final Distribution distribution;
  private final double stdDev;
  private final boolean sampleSemantics;

  /** A sampler with {@code generate_distribution} semantics (random, synthetic). */
  public LengthSampler(Distribution distribution) {
    this(distribution, false);
  }

  /**
   * @param sampleSemantics use {@code sample_from_distribution} semantics instead (shared_prefix): uniform over
   *     [min, max + 1), lognormal moment-matched on mean itself (not mean - min), normal mean not checked
   */
  public LengthSampler(Distribution distribution, boolean sampleSemantics) {
    this.distribution = distribution;
    this.stdDev = effectiveStdDev(distribution);
    this.sampleSemantics = sampleSemantics;
  }

  static double effectiveStdDev(Distribution distribution) {
    if (distribution.variance() != null && distribution.stdDev() == 0) {
      return Math.sqrt(distribution.variance());
    }
    return distribution.stdDev();
  }

  /** Problems with this distribution for the key {@code key} (e.g. "data.input_distribution"); empty if usable. */
  public static List<String> problems(Distribution distribution, String key) {
    return problems(distribution, key, false);
  }

  /** As {@link #problems(Distribution, String)}, for the chosen semantics. */
  public static List<String> problems(Distribution distribution, String key, boolean sampleSemantics) {
    List<String> problems = new ArrayList<>();
    if (distribution.min() > distribution.max()) {
      problems.add(key + ": min (" + distribution.min() + ") must not exceed max (" + distribution.max() + ")");
      return problems;
    }
    double mean = distribution.mean();
    switch (distribution.type()) {
      case NORMAL -> {
        if (!sampleSemantics && (mean < distribution.min() || mean > distribution.max())) {
          problems.add(key + ": a normal distribution needs mean (" + mean + ") within [min, max] = ["
              + distribution.min() + ", " + distribution.max() + "]");
        }
      }
      case LOGNORMAL -> {
        if (sampleSemantics && mean <= 0) {
          problems.add(key + ": a lognormal distribution needs a positive mean");
        } else if (!sampleSemantics && mean <= distribution.min()) {
          problems.add(key + ": a lognormal distribution needs mean (" + mean + ") above min ("
              + distribution.min() + ")");
        }
      }
      default -> {}
    }
    if (effectiveStdDev(distribution) < 0 || Double.isNaN(effectiveStdDev(distribution))) {
      problems.add(key + ": std_dev must be >= 0");
    }
    return problems;
  }

  public Distribution distribution() {
    return distribution;
  }

  /** One length, in [min, max]. */
  public int sample(RandomGenerator random) {
    double raw = raw(random);
    double clipped = clip(raw);
    return (int) clip(Math.rint(clipped));
  }

  /**
   * One value in [min, max] without the rounding to an integer: for quantities that are not token counts, such as
   * seconds. fixed gives mean itself (clipped), not its integer part.
   */
  public double sampleReal(RandomGenerator random) {
    return clip(distribution.type() == Distribution.Type.FIXED ? distribution.mean() : raw(random));
  }

  private double raw(RandomGenerator random) {
    double mean = distribution.mean();
    return switch (distribution.type()) {
      case FIXED -> (long) mean;
      case UNIFORM -> distribution.min()
          + random.nextDouble() * (distribution.max() - distribution.min() + (sampleSemantics ? 1 : 0));
      case NORMAL -> mean + stdDev * random.nextGaussian();
      case LOGNORMAL -> sampleSemantics ? lognormal(random, mean)
          : distribution.min() + lognormal(random, mean - distribution.min());
      case SKEW_NORMAL -> mean + stdDev * skewNormalZ(random, distribution.skew());
      case POISSON -> Poisson.sample(random, mean > 0 ? mean : 1);
    };
  }

  /** Moment-matched lognormal with the given mean and {@link #stdDev}. */
  private double lognormal(RandomGenerator random, double mean) {
    double sigmaSquared = Math.log(1 + (stdDev * stdDev) / (mean * mean));
    double mu = Math.log(mean) - sigmaSquared / 2;
    return Math.exp(mu + Math.sqrt(sigmaSquared) * random.nextGaussian());
  }

  /** Azzalini's construction of a standard skew-normal variate with shape {@code skew}. */
  static double skewNormalZ(RandomGenerator random, double skew) {
    double delta = skew / Math.sqrt(1 + skew * skew);
    double u0 = random.nextGaussian();
    double v = random.nextGaussian();
    double u1 = delta * u0 + Math.sqrt(1 - delta * delta) * v;
    return u0 >= 0 ? u1 : -u1;
  }

  private double clip(double value) {
    return Math.max(distribution.min(), Math.min(distribution.max(), value));
  }

  /** A one-line description, e.g. "normal mean 512 std 200 in [10, 1024]". */
  public String describe() {
    Distribution d = distribution;
    String shape = switch (d.type()) {
      case FIXED -> "fixed " + (long) d.mean();
      case UNIFORM -> "uniform";
      case POISSON -> "poisson mean " + fmt(d.mean());
      case SKEW_NORMAL -> "skew_normal mean " + fmt(d.mean()) + " std " + fmt(stdDev) + " skew " + fmt(d.skew());
      default -> d.type().yamlName + " mean " + fmt(d.mean()) + " std " + fmt(stdDev);
    };
    return shape + " in [" + d.min() + ", " + d.max() + "]";
  }

  private static String fmt(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
