package io.inferenceperf.cli;

/** Process exit codes, documented in the README. */
public enum ExitCode {
  /** The run completed (request failures are results, not a failed run). */
  OK(0),
  /** The run could not be done: server unreachable, model unknown, no request succeeded, an internal error. */
  RUN_FAILED(1),
  /** The configuration or the command line is wrong; nothing was sent. */
  CONFIG_ERROR(2),
  /** {@code compare}: a metric got worse by more than the threshold. */
  REGRESSION(3),
  /** Stopped by Ctrl-C (SIGINT); reports of what was measured were written. */
  INTERRUPTED_INT(130),
  /** Stopped by SIGTERM (e.g. Kubernetes); reports of what was measured were written. */
  INTERRUPTED_TERM(143);

  public final int code;

  ExitCode(int code) {
    this.code = code;
  }
}
