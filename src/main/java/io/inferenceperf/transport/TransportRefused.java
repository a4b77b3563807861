package io.inferenceperf.transport;

/**
 * The configuration asks the transport for what this machine or JVM cannot give ({@code load.kernel_timestamps: on},
 * {@code load.io_priority: realtime}): a user's mistake to report with its fix, before anything is sent.
 */
public final class TransportRefused extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  TransportRefused(String message) {
    super(message);
  }
}
