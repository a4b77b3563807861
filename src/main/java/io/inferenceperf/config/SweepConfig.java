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
 * @param slo the SLO search's settings (type slo)
 */
public record SweepConfig(
    SweepType type, int numRequests, double timeoutSeconds, int numStages, double stageDurationSeconds,
    double saturationPercentile, SloSearchConfig slo) {

  /** A linear or geometric sweep. */
  public SweepConfig(SweepType type, int numRequests, double timeoutSeconds, int numStages,
      double stageDurationSeconds, double saturationPercentile) {
    this(type, numRequests, timeoutSeconds, numStages, stageDurationSeconds, saturationPercentile, null);
  }

  /**
   * Our SLO capacity search (load.sweep.type: slo).
   *
   * @param targetGoodput percent of requests that must meet every goodput constraint
   * @param startRate the first rate tried, req/s
   * @param searchStageDurationSeconds length of the short bracketing and bisecting stages
   * @param tolerance stop bisecting when (high - low) / low is at most this
   * @param maxStages most stages in all
   */
  public record SloSearchConfig(double targetGoodput, double startRate, double searchStageDurationSeconds,
      double tolerance, int maxStages) {}

  public enum SweepType {
    LINEAR("linear"),
    GEOMETRIC("geometric"),
    SLO("slo");

    public final String yamlName;

    SweepType(String yamlName) {
      this.yamlName = yamlName;
    }

    static SweepType byName(String name) {
      return Arrays.stream(values()).filter(t -> t.yamlName.equals(name)).findFirst().orElse(null);
    }
  }
}
