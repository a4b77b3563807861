package io.inferenceperf.data.replay;

/**
 * The sessions of a replay data set, in a fixed order. Sessions may be built lazily (when first asked for), so a
 * large corpus is not held in memory; {@link #session} of the same index always returns an equal session.
 */
public interface ReplayCorpus {

  /** How many sessions there are. */
  int size();

  /**
   * Session {@code index} (0 to size - 1). Throws {@link ReplayFormatException} when its recording cannot be turned
   * into a graph; the replay then counts it as skipped (as inference-perf), and logs why.
   */
  ReplaySession session(int index);

  /** How many events session {@code index} has; the same as {@code session(index).events().size()}, maybe cheaper. */
  default int eventCount(int index) {
    return session(index).events().size();
  }
}
