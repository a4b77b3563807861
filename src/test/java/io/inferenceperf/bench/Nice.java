package io.inferenceperf.bench;

import java.util.ArrayList;
import java.util.List;

/** Prefixes a command with {@code nice -n N}; N = 0 leaves it as it is. */
final class Nice {
  private Nice() {}

  static List<String> prefix(int nice) {
    return nice == 0 ? List.of() : List.of("nice", "-n", Integer.toString(nice));
  }

  static List<String> prefixed(int nice, List<String> command) {
    List<String> all = new ArrayList<>(prefix(nice));
    all.addAll(command);
    return all;
  }
}
