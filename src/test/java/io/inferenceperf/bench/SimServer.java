package io.inferenceperf.bench;

import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.OptionsResult;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator as its own process for {@link PerfHarness} when the jar's {@code simulate} subcommand is not
 * available: same options ({@code --key value}), same first line ({@code simulator listening on URL}). Stops on
 * SIGTERM.
 */
public final class SimServer {
  private SimServer() {}

  public static void main(String[] args) throws InterruptedException {
    OptionsResult parsed = SimulatorOptions.fromArgs(Arrays.asList(args));
    if (parsed instanceof OptionsResult.Problems problems) {
      problems.problems().forEach(p -> System.err.println("simulate: " + p));
      System.exit(2);
    }
    SimulatorOptions options = ((OptionsResult.Ok) parsed).options();
    RunningSimulator sim = Simulator.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sim.close();
      stopped.countDown();
    }, "simulator-shutdown"));
    System.out.println("simulator listening on " + sim.baseUrl() + " (profile " + options.profile() + ")");
    System.out.flush();
    stopped.await();
  }
}
