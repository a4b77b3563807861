package io.inferenceperf.engine;

import io.inferenceperf.record.PreparedRequest;

/**
 * Builds the request with the given index of a stage: the prompt from the data generator, wrapped in the API's
 * body. Called off the I/O threads, ahead of the request's send time. Must be a pure function of its arguments
 * (reproducibility) and thread-safe.
 */
@FunctionalInterface
public interface RequestFactory {
  PreparedRequest prepare(int stageId, long index);
}
