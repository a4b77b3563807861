package io.inferenceperf.config;

import java.util.List;

/** Where binders put what they find: problems stop the run, notes are only shown. */
record Findings(List<ConfigProblem> problems, List<ConfigProblem> notes) {

  void problem(ConfigProblem p) {
    problems.add(p);
  }

  void note(ConfigProblem p) {
    notes.add(p);
  }
}
