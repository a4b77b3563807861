package io.inferenceperf.config;

import io.inferenceperf.config.SchemaKey.Default;
import io.inferenceperf.config.SchemaKey.Status;
import io.inferenceperf.config.Shape.ListOf;
import io.inferenceperf.config.Shape.Range;
import io.inferenceperf.config.Shape.Scalar;
import io.inferenceperf.config.Shape.ScalarType;
import io.inferenceperf.config.Shape.Section;
import java.util.List;

/**
 * The schema of one {@code circuit_breakers} entry, as inference-perf defines it. Its sections ignore unknown keys
 * with a warning, as inference-perf's do; rules between keys (which trigger takes which key) are the binder's.
 */
final class CircuitBreakerSchema {

  /** The trigger types, as {@code triggers[].type} names them. */
  static final List<String> TRIGGER_TYPES = List.of("consecutive", "rate_over_window");

  private CircuitBreakerSchema() {}

  static Section breaker() {
    return lenient(
        key("name", string(), Default.required(), "The breaker's name, as load.circuit_breakers enables it."),
        key("metrics", lenient(
            key("matches", new ListOf(string()), Default.required(),
                "JMESPath expressions over each finished request; a request counts when any of them is true"
                    + " (at least one)."),
            key("rules", new ListOf(string()), Default.of(List.of()),
                "JMESPath expressions over a counted request; it is a hit when any is true (none: every counted"
                    + " request is a hit), else a miss.")),
            Default.required(), "Which requests the breaker counts and which of them are hits."),
        key("triggers", new ListOf(trigger()), Default.required(),
            "When the breaker opens: as soon as any trigger fires."));
  }

  private static Section trigger() {
    return lenient(
        key("type", new Scalar(ScalarType.ENUM, Range.ANY, TRIGGER_TYPES, List.of()), Default.required(),
            "consecutive: threshold hits in a row; rate_over_window: the share of hits among the counted requests"
                + " of the last window_sec reaches threshold."),
        key("threshold", new Scalar(ScalarType.NUMBER, Range.atLeast(0), List.of(), List.of()), Default.required(),
            "consecutive: hits in a row (an integer >= 1); rate_over_window: share of hits, 0 to 1."),
        key("window_sec", new Scalar(ScalarType.NUMBER, Range.positive(), List.of(), List.of()), Default.none(),
            "rate_over_window (required): the window's length in seconds of request end times."),
        key("min_samples", new Scalar(ScalarType.INT, Range.atLeast(0), List.of(), List.of()), Default.of(0),
            "rate_over_window: counted requests the window must hold before it may fire."));
  }

  private static Section lenient(SchemaKey... keys) {
    return new Section(List.of(keys), true);
  }

  private static SchemaKey key(String name, Shape shape, Default dflt, String meaning) {
    return new SchemaKey(name, shape, dflt, Status.SUPPORTED, meaning);
  }

  private static Scalar string() {
    return new Scalar(ScalarType.STRING, Range.ANY, List.of(), List.of());
  }
}
