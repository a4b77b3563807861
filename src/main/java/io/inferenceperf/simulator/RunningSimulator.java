package io.inferenceperf.simulator;

import io.inferenceperf.simulator.metrics.GroundTruth;
import io.inferenceperf.simulator.options.SimulatorOptions;

/**
 * A started simulator. Close it to stop serving (in-flight streams are cut). Thread-safe.
 */
public interface RunningSimulator extends AutoCloseable {

  /** The bound TCP port. */
  int port();

  /** For example {@code http://127.0.0.1:8000} (no trailing slash). */
  String baseUrl();

  /** The options it runs with (port is the requested one; see {@link #port()} for the bound one). */
  SimulatorOptions options();

  /** The server's own record of what it did. */
  GroundTruth truth();

  @Override
  void close();
}
