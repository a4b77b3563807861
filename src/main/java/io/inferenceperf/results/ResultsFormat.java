package io.inferenceperf.results;

/** The name, version and file name of the results format (docs/results.md). */
public final class ResultsFormat {
  private ResultsFormat() {}

  /** The {@code format} value of every header line. */
  public static final String FORMAT = "inference-perf-results";

  /**
   * The version this build writes and the newest it reads. A reader refuses a newer version (fields it would not
   * understand could change the numbers) and reads every older one.
   */
  public static final int VERSION = 1;

  /** The file's name in the report folder, after the report file prefix. */
  public static final String FILE_NAME = "results.jsonl.gz";

  /** The {@code type} of each line. */
  static final String HEADER = "header";
  static final String STAGE_START = "stage_start";
  static final String REQUEST = "request";
  static final String STAGE_END = "stage_end";
  static final String SERVER_METRICS = "server_metrics";
  static final String CIRCUIT_BREAKER = "circuit_breaker";
  static final String RUN_END = "run_end";
  static final String SESSION_STAGE = "session_stage";
  static final String SESSION = "session";
}
