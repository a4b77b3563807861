package io.inferenceperf.simulator.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Least-recently-used set of prompt block hashes, standing in for vLLM's automatic prefix caching. A prompt's
 * cached part is its longest run of leading blocks already in the set. Confined to one engine thread.
 */
public final class PrefixCache {
  private final int blockTokens;
  private final long capacityBlocks;
  private final LinkedHashMap<Long, Boolean> blocks;

  public PrefixCache(int blockTokens, long capacityTokens) {
    this.blockTokens = blockTokens;
    this.capacityBlocks = capacityTokens / blockTokens;
    this.blocks =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > capacityBlocks;
          }
        };
  }

  /**
   * Tokens of the prompt that hit the cache. As in vLLM, at least the last prompt token is always computed, so a
   * full hit reports {@code count - 1}. Touches the hit blocks.
   */
  int cachedTokens(PromptTokens prompt) {
    int hits = 0;
    for (long hash : prompt.blockHashes()) {
      if (blocks.get(hash) == null) {
        break;
      }
      hits++;
    }
    return Math.min(hits * blockTokens, Math.max(0, prompt.count() - 1));
  }

  /** Remembers every full block of a prompt whose prefill has completed. */
  void insert(PromptTokens prompt) {
    if (capacityBlocks == 0) {
      return;
    }
    for (long hash : prompt.blockHashes()) {
      blocks.put(hash, Boolean.TRUE);
    }
  }

  int size() {
    return blocks.size();
  }
}
