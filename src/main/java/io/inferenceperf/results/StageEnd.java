package io.inferenceperf.results;

import io.inferenceperf.metrics.ClientResources;
import io.inferenceperf.record.Status;

/**
 * A stage ended (records of it may still follow: late completions are counted in it).
 *
 * @param endNanos when its last request finished or was cut off, since the file's origin
 * @param sent requests handed to the sender
 * @param unsent planned requests never sent
 * @param cutOff requests cut off at the end of the grace period
 * @param resources what the client cost in the stage's window, or null when not measured
 */
public record StageEnd(
    int stageId,
    Status status,
    long endNanos,
    long endEpochMillis,
    long sent,
    long unsent,
    long cutOff,
    ClientResources.Usage resources) {

  StageEnd shifted(long nanos) {
    return new StageEnd(stageId, status, endNanos + nanos, endEpochMillis, sent, unsent, cutOff, resources);
  }
}
