package io.inferenceperf.config;

import java.util.List;

/**
 * One entry of the top-level {@code circuit_breakers} list (inference-perf's schema). It watches a run only when
 * {@code load.circuit_breakers} names it.
 *
 * @param matches JMESPath expressions; a finished request counts when any is truthy
 * @param rules JMESPath expressions; a counted request is a hit when any is truthy, or always when there are none
 * @param triggers when the breaker opens: as soon as any fires (none: never)
 */
public record CircuitBreakerConfig(String name, List<String> matches, List<String> rules, List<Trigger> triggers) {

  public CircuitBreakerConfig {
    matches = List.copyOf(matches);
    rules = List.copyOf(rules);
    triggers = List.copyOf(triggers);
  }

  /** A trigger, as {@code triggers[].type} names it. */
  public sealed interface Trigger permits Consecutive, RateOverWindow {}

  /** {@code consecutive}: {@code threshold} hits in a row (a miss starts the count again). */
  public record Consecutive(int threshold) implements Trigger {}

  /**
   * {@code rate_over_window}: among the counted requests that ended in the last {@code windowSeconds}, at least
   * {@code minSamples} of them and a share of hits of at least {@code threshold}.
   */
  public record RateOverWindow(double windowSeconds, double threshold, int minSamples) implements Trigger {}
}
