package io.inferenceperf.common;

/**
 * A safe stand-in for the Python lambdas inference-perf {@code eval}s as record filters (data.otel_trace_replay.filter):
 * the same syntax for what those filters use, parsed and interpreted here, with no access to anything but the record.
 *
 * <p>The language: {@code lambda x: <expression>} where the expression has Python's operators and precedence:
 * {@code or}, {@code and}, {@code not}; comparisons {@code == != < <= > >= in, not in, is, is not} (chains such as
 * {@code 3 <= len(x['spans']) < 50} too); {@code + - * / // %}; unary {@code -}; {@code x['key']},
 * {@code x['list'][0]} (negative indices count from the end); {@code x.get('key')}, {@code x.get('key', default)};
 * string methods {@code startswith endswith lower upper strip}; functions {@code len abs min max int float str
 * bool}; literals: numbers, 'strings' or "strings", True, False, None, [lists] and (tuples). Values follow Python:
 * 1 == 1.0, truthiness, and/or return an operand, comparing a string with a number is an error.
 *
 * <p>The record is a JSON object as plain Java values (Map, List, String, Long/Integer/Double, Boolean, null).
 */
public final class RecordFilter {
  private final String source;
  private final FilterNode body;

  private RecordFilter(String source, FilterNode body) {
    this.source = source;
    this.body = body;
  }

  /**
   * Parses {@code source}.
   *
   * @throws SyntaxException naming the character position and what was expected there
   */
  public static RecordFilter parse(String source) {
    return new RecordFilter(source, FilterParser.parse(source));
  }

  public String source() {
    return source;
  }

  /**
   * Whether the expression's value for {@code record} is truthy.
   *
   * @throws EvaluationException where Python would raise (a missing key, comparing a string with a number)
   */
  public boolean test(Object record) {
    return FilterValues.truthy(body.eval(record));
  }

  /** An expression that cannot be parsed: where (0-based character index) and why. */
  public static final class SyntaxException extends IllegalArgumentException {
    private final int position;
    private final String problem;

    SyntaxException(String source, int position, String problem) {
      super("cannot parse at character " + (position + 1) + " (" + excerpt(source, position) + "): " + problem);
      this.position = position;
      this.problem = problem;
    }

    /** 0-based character index of the offending token. */
    public int position() {
      return position;
    }

    public String problem() {
      return problem;
    }
  }

  /** An expression that failed on a record, as Python would have raised: where and why. */
  public static final class EvaluationException extends RuntimeException {
    private final int position;

    EvaluationException(int position, String problem) {
      super(problem + " (at character " + (position + 1) + ")");
      this.position = position;
    }

    public int position() {
      return position;
    }
  }

  /** The source around {@code position} with a marker, e.g. {@code x['a'] ==>>> = 3}. */
  static String excerpt(String source, int position) {
    int from = Math.max(0, position - 20);
    int to = Math.min(source.length(), position + 20);
    return (from > 0 ? "..." : "") + source.substring(from, position) + ">>>" + source.substring(position, to)
        + (to < source.length() ? "..." : "");
  }
}
