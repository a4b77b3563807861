package io.inferenceperf.data.replay;

/**
 * How a replay data set is replayed, from its data section.
 *
 * @param substituteOutputs whether inputs carry the live output of the events they depend on (false:
 *     disable_output_substitution, the recorded outputs are sent)
 * @param predecessorWaitTimeoutNanos how long an event may wait for its predecessors before it is cancelled
 *     (predecessor_wait_timeout_sec; 0 = no limit)
 * @param description one line for the dry-run plan and the logs, e.g. "otel_trace_replay: 12 sessions from traces/"
 */
public record ReplayOptions(boolean substituteOutputs, long predecessorWaitTimeoutNanos, String description) {

  /** inference-perf's default predecessor_wait_timeout_sec: an hour. */
  public static final long DEFAULT_PREDECESSOR_WAIT_TIMEOUT_NANOS = 3_600_000_000_000L;

  public ReplayOptions {
    if (predecessorWaitTimeoutNanos < 0) throw new IllegalArgumentException("negative predecessor wait timeout");
  }
}
