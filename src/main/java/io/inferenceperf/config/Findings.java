package io.inferenceperf.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What validation and binding find: problems stop the run, notes are only shown. */
record Findings(List<ConfigProblem> problems, List<ConfigProblem> notes, Set<String> suggestedPaths) {

  Findings() {
    this(new ArrayList<>(), new ArrayList<>(), new HashSet<>());
  }

  /** True when an unknown key was answered with "did you mean {@code path}": its absence is the same mistake. */
  boolean suggested(String path) {
    return suggestedPaths.contains(path);
  }

  void problem(ConfigProblem p) {
    problems.add(p);
  }

  void note(ConfigProblem p) {
    notes.add(p);
  }
}
