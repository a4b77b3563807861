package io.inferenceperf.config;

/**
 * One mistake (or note) in the configuration, as data.
 *
 * @param keyPath the key it is about, e.g. {@code load.stages[1].rate}; empty when it is about the whole file
 * @param line 1-based line in the config file, or -1 when the value did not come from the file
 * @param column 1-based column in the config file, or -1
 * @param source the config file name as given, the CLI flag (e.g. {@code --load.stages}), or "default"
 * @param message what is wrong and what is allowed, e.g. {@code must be > 0 (got -1)}
 */
public record ConfigProblem(String keyPath, int line, int column, String source, String message) {

  static ConfigProblem at(String keyPath, Node.Origin origin, String message) {
    return new ConfigProblem(keyPath, origin.line(), origin.column(), origin.source(), message);
  }

  /**
   * One line for the terminal: {@code config.yml:12:7: load.stages[0].rate: must be > 0 (got -1)} for file values,
   * {@code load.stages[0].rate: must be > 0 (got -1) (from --load.stages)} for CLI values, and
   * {@code --log-level: must be one of ...} for a problem with a flag itself.
   */
  public String format() {
    StringBuilder out = new StringBuilder();
    boolean fromCli = source != null && source.startsWith("-");
    boolean fromFile = source != null && !fromCli && !Node.Origin.DEFAULT_SOURCE.equals(source);
    if (fromFile) {
      out.append(source);
      if (line > 0) {
        out.append(':').append(line);
        if (column > 0) {
          out.append(':').append(column);
        }
      }
      out.append(": ");
    }
    boolean hasKey = keyPath != null && !keyPath.isEmpty();
    if (hasKey) {
      out.append(keyPath).append(": ");
    } else if (fromCli) {
      out.append(source).append(": "); // about the flag itself, e.g. "--log-level: must be one of ..."
    }
    out.append(message);
    if (fromCli && hasKey) {
      out.append(" (from ").append(source).append(')');
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
