package io.inferenceperf.testkit;

import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.metrics.GroundTruth;
import io.inferenceperf.simulator.options.SimulatorOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the project's simulator on a free 127.0.0.1 port for a test class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static SimulatorExtension sim = SimulatorExtension.withOptions("profile", "fixed", "ttft_ms", 20);
 *
 * @Test void works() { ... sim.baseUrl() + "/v1/completions" ...; sim.truth().snapshot() ... }
 * }</pre>
 *
 * Registered on a static field it starts before all tests and stops after all; on an instance field it starts
 * before and stops after each test. The port is always 0 (free) and the host 127.0.0.1 unless the options say
 * otherwise.
 */
public final class SimulatorExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final SimulatorOptions options;
  private RunningSimulator running;
  private boolean perTest;

  private SimulatorExtension(SimulatorOptions options) {
    this.options = options;
  }

  public static SimulatorExtension withOptions(SimulatorOptions options) {
    return new SimulatorExtension(options);
  }

  /** Key/value pairs as in {@link SimulatorOptions#of}, e.g. {@code withOptions("profile", "zero")}. */
  public static SimulatorExtension withOptions(Object... keysAndValues) {
    return new SimulatorExtension(SimulatorOptions.of(keysAndValues));
  }

  public static SimulatorExtension profile(String name) {
    return new SimulatorExtension(SimulatorOptions.profile(name));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (running == null) {
      perTest = true;
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stop();
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return running().baseUrl();
  }

  public int port() {
    return running().port();
  }

  /** The server's ground truth (reset it between tests with {@code truth().reset()} when needed). */
  public GroundTruth truth() {
    return running().truth();
  }

  public RunningSimulator running() {
    if (running == null) {
      throw new IllegalStateException("the simulator is not running (register the extension with @RegisterExtension)");
    }
    return running;
  }

  private void start() {
    running = Simulator.start(options.port() == 0 ? options : options.withPort(0));
  }

  private void stop() {
    if (running != null) {
      running.close();
      running = null;
    }
  }
}
