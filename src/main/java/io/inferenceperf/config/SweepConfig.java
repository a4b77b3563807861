package io.inferenceperf.config;

import java.util.Arrays;

/**
 * {@code load.sweep}: instead of fixed stages, a probe burst finds the server's saturation rate and the stages are
 * spread up to it (inference-perf's sweep).
 *
 * @param type how the stage rates are spread between 1 and the saturation rate
 * @param numRequests requests of the probe burst, sent over 5 seconds
 * @param timeoutSeconds how long the probe may run; samples after it are dropped and requests still running are cut
 * @param numStages stages of the sweep
 * @param stageDurationSeconds length of each stage
 * @param saturationPercentile the percentile of the probe's burn-down rates taken as the saturation rate
 */
public record SweepConfig(
    SweepType type, int numRequests, double timeoutSeconds, int numStages, double stageDurationSeconds,
    double saturationPercentile) {

  public enum SweepType {
    LINEAR("linear"),
    GEOMETRIC("geometric");

    public final String yamlName;

    SweepType(String yamlName) {
      this.yamlName = yamlName;
    }

    static SweepType byName(String name) {
      return Arrays.stream(values()).filter(t -> t.yamlName.equals(name)).findFirst().orElse(null);
    }
  }
}
