package io.inferenceperf.config;

import java.util.List;
import java.util.Map;

/**
 * What {@link ConfigLoader#load} found.
 *
 * @param config the validated config, or null when there are problems
 * @param problems every mistake found, in file order; empty when {@code config} is set
 * @param notes things worth telling the user that do not stop the run (e.g. num_workers 0 runs as 1)
 * @param resolvedTree defaults, file and CLI overrides merged, as ordered plain values with the input's snake_case
 *     keys ({timestamp} expanded, base_seed filled in); this tool's extension keys only where the user set them
 *     (so that inference-perf accepts the saved file, see {@link SavedTree}); write it with
 *     {@link ConfigYaml#redactedYaml}. Empty when the file could not be read or parsed
 */
public record LoadResult(
    Config config, List<ConfigProblem> problems, List<ConfigProblem> notes, Map<String, Object> resolvedTree) {

  public LoadResult {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  public boolean ok() {
    return config != null;
  }

  /** All problems, one per line, for printing before exiting with status 2. */
  public String formatProblems() {
    StringBuilder out = new StringBuilder();
    for (ConfigProblem p : problems) {
      out.append(p.format()).append('\n');
    }
    return out.toString();
  }
}
