package io.inferenceperf.engine;

import io.inferenceperf.record.Status;

/**
 * How a stage ended.
 *
 * @param status COMPLETED, or how the run was stopped during the stage
 * @param startNanos first intended send time
 * @param endNanos when the stage's last request finished (or was cut off)
 * @param startEpochMillis wall-clock start, for correlation (e.g. Prometheus query windows)
 * @param endEpochMillis wall-clock end
 * @param sent requests handed to the sender (a request still queued behind the in-flight cap when the grace period
 *     ended was handed over but never written: the sender records it as not sent)
 * @param unsent planned requests never handed to the sender: recorded as not-sent failures when the stage ran out
 *     of time, only counted when the run was stopped
 * @param cutOff requests still in flight when the grace period ended, recorded as cut off (or interrupted)
 */
public record StageOutcome(
    Status status,
    long startNanos,
    long endNanos,
    long startEpochMillis,
    long endEpochMillis,
    long sent,
    long unsent,
    long cutOff) {}
