package io.inferenceperf.config;

import java.util.Arrays;

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

  /** Every key at its default in {@link ConfigSchema} (the same for every distribution section). */
  public static Distribution defaults() {
    String at = "data.input_distribution.";
    Type type = Arrays.stream(Type.values())
        .filter(t -> t.yamlName.equals(SchemaDefaults.string(at + "type"))).findFirst().orElseThrow();
    return new Distribution(SchemaDefaults.integer(at + "min"), SchemaDefaults.integer(at + "max"),
        SchemaDefaults.number(at + "mean"), SchemaDefaults.number(at + "std_dev"), null, type, null,
        SchemaDefaults.number(at + "skew"));
  }
}
