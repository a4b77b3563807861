package io.inferenceperf.simulator.options;

import java.util.List;

/** The outcome of reading simulator options: valid options, or every problem found (never an exception). */
public sealed interface OptionsResult {

  /** Valid options. */
  record Ok(SimulatorOptions options) implements OptionsResult {}

  /** One message per problem, each naming the option key and what to change. */
  record Problems(List<String> problems) implements OptionsResult {
    public Problems {
      problems = List.copyOf(problems);
    }
  }

  /** The options, or an {@link IllegalArgumentException} listing the problems (for code and tests, not users). */
  default SimulatorOptions orThrow() {
    return switch (this) {
      case Ok ok -> ok.options();
      case Problems p -> throw new IllegalArgumentException("bad simulator options: " + String.join("; ", p.problems()));
    };
  }
}
