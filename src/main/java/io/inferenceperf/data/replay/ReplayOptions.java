package io.inferenceperf.data.replay;

/**
 * How a replay data set is replayed, from its data section.
 *
 * @param substituteOutputs whether inputs carry the live output of the events they depend on (false:
 *     disable_output_substitution, the recorded outputs are sent)
 * @param predecessorWaitTimeoutNanos how long an event may wait for its predecessors before it is cancelled
 *     (predecessor_wait_timeout_sec; 0 = no limit)
 * @param description one line for the dry-run plan and the logs, e.g. "otel_trace_replay: 12 sessions from traces/"
 * @param overrideToolCallMaxTokens a call that recorded a tool call (and sends tools) lets the model stop at its
 *     end of sequence (ignore_eos false; its max_tokens is raised by the reader)
 * @param useRecordedOnBadToolCall bad_tool_call_handling use_recorded: a live tool call whose arguments are not
 *     valid JSON is replaced by the recorded message (and the call fails when that one is not valid either)
 */
public record ReplayOptions(boolean substituteOutputs, long predecessorWaitTimeoutNanos, String description,
    boolean overrideToolCallMaxTokens, boolean useRecordedOnBadToolCall) {

  /** inference-perf's defaults for tool calls: override_tool_call_max_tokens true, bad_tool_call_handling none. */
  public ReplayOptions(boolean substituteOutputs, long predecessorWaitTimeoutNanos, String description) {
    this(substituteOutputs, predecessorWaitTimeoutNanos, description, true, false);
  }

  /** inference-perf's default predecessor_wait_timeout_sec: an hour. */
  public static final long DEFAULT_PREDECESSOR_WAIT_TIMEOUT_NANOS = 3_600_000_000_000L;

  public ReplayOptions {
    if (predecessorWaitTimeoutNanos < 0) throw new IllegalArgumentException("negative predecessor wait timeout");
  }
}
