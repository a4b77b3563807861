package io.inferenceperf.data;

/**
 * Produces the prompts of a run. {@link #prompt(int, long)} is a pure function of (stage, index) and the seed the
 * generator was built with, so a run is reproducible and prompts can be prepared on any thread, ahead of time.
 * Implementations must be thread-safe.
 */
public interface DataGenerator {

  /** The prompt of request {@code index} (0-based, restarts each stage, as inference-perf does) of {@code stageId}. */
  Prompt prompt(int stageId, long index);

  /** A one-line description for the dry-run plan and the report, e.g. "random (input normal 512±200 ...)". */
  String describe();
}
