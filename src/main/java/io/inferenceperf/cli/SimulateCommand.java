package io.inferenceperf.cli;

import io.inferenceperf.simulator.SimulatorMain;
import java.io.PrintStream;

/** The {@code simulate} subcommand: runs the built-in simulator as its own process (see docs/simulator.md). */
final class SimulateCommand {
  private SimulateCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    Logging.configure("INFO");
    if (!java.util.Arrays.asList(args).contains("--help") && !java.util.Arrays.asList(args).contains("-h")) {
      Signals.warnIfSigintIgnored("the simulator");
    }
    return SimulatorMain.run(args, out, err);
  }
}
