package io.inferenceperf.engine;

/**
 * How a stage ended.
 *
 * @param status COMPLETED, or INTERRUPTED when the run was stopped during the stage
 * @param startNanos first intended send time
 * @param endNanos when the stage's last request finished (or was cut off)
 * @param startEpochMillis wall-clock start, for correlation (e.g. Prometheus query windows)
 * @param endEpochMillis wall-clock end
 * @param sent requests handed to the transport
 * @param unsent arrivals of the schedule that were never sent because the stage ended or the run stopped
 * @param cutOff requests recorded as cut off at the stage end (or interrupted)
 */
public record StageOutcome(
    Status status,
    long startNanos,
    long endNanos,
    long startEpochMillis,
    long endEpochMillis,
    long sent,
    long unsent,
    long cutOff) {

  public enum Status {
    COMPLETED,
    INTERRUPTED
  }
}
