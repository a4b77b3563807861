package io.inferenceperf.data.replay;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic token ids for a trace's hash blocks: block {@code h} of trace {@code T} under base seed {@code s}
 * is always the same ids, drawn from the corpus words with a generator seeded by (s, T, h), so a block that repeats
 * (in later turns, other subagents, other runs) repeats exactly and can hit the server's prefix cache, while
 * different blocks differ. Each id is drawn on its own, so even a short corpus gives distinct blocks. Pure.
 */
final class BlockText {

  private final int[] words;
  private final long seed;

  /**
   * @param words the ids to draw from ({@link io.inferenceperf.data.CorpusWordIds}), not empty
   * @param seed load.base_seed
   */
  BlockText(int[] words, long seed) {
    if (words.length == 0) throw new IllegalArgumentException("no words to build prompts from");
    this.words = words;
    this.seed = seed;
  }

  /** The {@code size} ids of hash block {@code hashId} within {@code scope} (the trace id, "" for global ids). */
  int[] block(String scope, long hashId, int size) {
    return draw(new SplittableRandom(mix(mix(seed, fingerprint(scope)), hashId)), size);
  }

  /** {@code count} ids for text no hash id names (a partial last block, an output), keyed by {@code key}. */
  int[] filler(String key, int count) {
    return draw(new SplittableRandom(mix(mix(seed, fingerprint(key)), 0x9E3779B97F4A7C15L)), count);
  }

  private int[] draw(SplittableRandom random, int count) {
    int[] ids = new int[count];
    for (int i = 0; i < count; i++) {
      ids[i] = words[random.nextInt(words.length)];
    }
    return ids;
  }

  /** 64-bit FNV-1a of the UTF-8 bytes: stable across JVMs, unlike String.hashCode's 32 bits. */
  static long fingerprint(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** Combines two values into a well-spread seed (the finaliser of SplitMix64). */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
