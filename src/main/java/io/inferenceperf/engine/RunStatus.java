package io.inferenceperf.engine;

/** How a whole run ended. */
public enum RunStatus {
  COMPLETED,
  /** Stopped by Ctrl-C or SIGTERM: what was measured is reported, marked interrupted. */
  INTERRUPTED
}
