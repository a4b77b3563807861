package io.inferenceperf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs commands at an absolute niceness: {@code nice -n} is relative to the caller's own, which is N already when
 * scripts/perf-harness.sh started the harness under {@code nice -n N}.
 */
final class Nice {
  private Nice() {}

  static List<String> prefix(int nice) {
    int delta = nice - own();
    return nice == 0 || delta == 0 ? List.of() : List.of("nice", "-n", Integer.toString(delta));
  }

  static List<String> prefixed(int nice, List<String> command) {
    List<String> all = new ArrayList<>(prefix(nice));
    all.addAll(command);
    return all;
  }

  /** This process's niceness (field 19 of /proc/self/stat), 0 when unknown. */
  static int own() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Integer.parseInt(fields[16]); // field 19 overall; fields after "(comm)" start at field 3
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
