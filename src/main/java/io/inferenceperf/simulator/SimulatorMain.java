package io.inferenceperf.simulator;

import io.inferenceperf.simulator.options.OptionsHelp;
import io.inferenceperf.simulator.options.OptionsResult;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code simulate} command: runs the simulator as its own process until SIGTERM or Ctrl-C.
 *
 * <pre>
 *   inference-perf simulate --port 8000 --profile small --max-num-seqs 64
 * </pre>
 *
 * Options are those of {@link SimulatorOptions} as {@code --key value} or {@code --key=value}; the port defaults
 * to 8000 here (0 picks a free one).
 */
public final class SimulatorMain {
  static final int DEFAULT_PORT = 8000;
  static final int EXIT_OK = 0;
  static final int EXIT_START_FAILED = 1;
  static final int EXIT_BAD_OPTIONS = 2;

  private SimulatorMain() {}

  /** Parses {@code args}, starts the server, blocks until the JVM is asked to stop. Returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CountDownLatch stop = new CountDownLatch(1);
    return run(args, out, err, stop, true);
  }

  /**
   * As {@link #run(String[], PrintStream, PrintStream)}, but stops when {@code stop} is counted down (tests), or
   * also on JVM shutdown when {@code shutdownHook} is set.
   */
  static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop, boolean shutdownHook) {
    List<String> arguments = Arrays.asList(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      out.print(help());
      return EXIT_OK;
    }
    OptionsResult parsed = SimulatorOptions.fromArgs(arguments);
    if (parsed instanceof OptionsResult.Problems problems) {
      problems.problems().forEach(p -> err.println("simulate: " + p));
      err.println("run 'inference-perf simulate --help' to list the options");
      return EXIT_BAD_OPTIONS;
    }
    SimulatorOptions options = ((OptionsResult.Ok) parsed).options();
    if (!mentionsPort(arguments)) {
      options = options.withPort(DEFAULT_PORT);
    }
    RunningSimulator sim;
    try {
      sim = Simulator.start(options);
    } catch (IllegalStateException e) {
      err.println("simulate: " + e.getMessage());
      return EXIT_START_FAILED;
    }
    Thread hook = new Thread(() -> {
      sim.close();
      stop.countDown();
    }, "simulator-shutdown");
    if (shutdownHook) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    out.println(
        "simulator listening on " + (options.tls() ? "https://" : "http://") + options.host() + ":" + sim.port()
            + " (profile " + options.profile()
            + ", model " + options.model() + ")");
    out.flush();
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sim.close();
    if (shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or has run; nothing to undo
      }
    }
    return EXIT_OK;
  }

  private static boolean mentionsPort(List<String> args) {
    return args.stream().anyMatch(a -> a.equals("--port") || a.startsWith("--port="));
  }

  /** The --help text: every option with its kind, meaning, default and profile-specific values. */
  static String help() {
    return OptionsHelp.text(DEFAULT_PORT);
  }
}
