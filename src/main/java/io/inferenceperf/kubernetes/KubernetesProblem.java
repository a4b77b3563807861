package io.inferenceperf.kubernetes;

/**
 * A problem the user fixes (labels, zones, scheduling, a failed pod), with a message that says how.
 *
 * @param exitCode the process exit status the command ends with
 */
public final class KubernetesProblem extends Exception {
  private final int exitCode;

  public KubernetesProblem(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
