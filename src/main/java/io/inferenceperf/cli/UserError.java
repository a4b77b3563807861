package io.inferenceperf.cli;

/** A user-facing failure: printed as is, with its exit code; never a stack trace. */
final class UserError extends Exception {
  final ExitCode code;

  UserError(ExitCode code, String message) {
    super(message);
    this.code = code;
  }

  /** Configuration problems (exit status 2), with the closing count line. */
  static UserError config(String problems, int count) {
    return new UserError(ExitCode.CONFIG_ERROR, problems + "\n" + problemsLine(count));
  }

  static String problemsLine(int count) {
    return count + (count == 1 ? " problem" : " problems") + " in the configuration; nothing was sent.";
  }
}
