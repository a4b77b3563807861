package io.inferenceperf.config;

/**
 * A token-length distribution, as inference-perf's {@code Distribution}: sampled, rounded and clipped to
 * [min, max].
 */
public record Distribution(
    int min, int max, double mean, double stdDev, Integer totalCount, Type type, Double variance, double skew) {

  public enum Type {
    NORMAL("normal"),
    SKEW_NORMAL("skew_normal"),
    LOGNORMAL("lognormal"),
    UNIFORM("uniform"),
    POISSON("poisson"),
    FIXED("fixed");

    public final String yamlName;

    Type(String yamlName) {
      this.yamlName = yamlName;
    }
  }

  public static Distribution defaults() {
    return new Distribution(10, 1024, 512, 200, null, Type.NORMAL, null, 0.0);
  }
}
