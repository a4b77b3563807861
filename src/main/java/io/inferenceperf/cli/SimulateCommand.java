package io.inferenceperf.cli;

import java.io.PrintStream;

/** The {@code simulate} subcommand: runs the built-in simulator as its own process. */
final class SimulateCommand {
  private SimulateCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    Logging.configure("INFO");
    err.println("simulate: not wired yet");
    return ExitCode.RUN_FAILED.code;
  }
}
