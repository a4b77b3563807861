package io.inferenceperf.simulator.engine;

import java.util.Arrays;

/**
 * Approximate tokenizer, no vocabulary: one token per whitespace-separated word of text, one per element of a
 * token-id prompt, and three per chat message for its template (start marker, role, separator). Alongside the count
 * it hashes each full block of tokens, chaining the hashes, for the prefix cache. Not thread-safe; one per prompt.
 */
public final class PromptTokenizer {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final int blockTokens;
  private long[] blocks = new long[8];
  private int blockCount;
  private int tokenCount;
  private int inBlock;
  private long blockAccumulator;
  private long previousBlockHash = 0x5bd1e995L;

  public PromptTokenizer(int blockTokens) {
    this.blockTokens = blockTokens;
  }

  /** Adds the words of {@code text} (runs of non-whitespace characters). */
  public PromptTokenizer addText(CharSequence text) {
    long hash = FNV_OFFSET;
    boolean inWord = false;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (inWord) {
          addTokenHash(hash);
          inWord = false;
          hash = FNV_OFFSET;
        }
      } else {
        inWord = true;
        hash = (hash ^ c) * FNV_PRIME;
      }
    }
    if (inWord) {
      addTokenHash(hash);
    }
    return this;
  }

  /** Adds one token given by id (a token-id prompt). */
  public PromptTokenizer addTokenId(long id) {
    addTokenHash(mix(id ^ 0x7f4a7c15L));
    return this;
  }

  /** Adds the three template tokens that open a chat message of {@code role}. */
  public PromptTokenizer addMessageHeader(String role) {
    addTokenHash(0x1111L);
    addText(role);
    addTokenHash(0x2222L);
    return this;
  }

  public PromptTokens finish() {
    return new PromptTokens(tokenCount, Arrays.copyOf(blocks, blockCount));
  }

  private void addTokenHash(long tokenHash) {
    tokenCount++;
    blockAccumulator = blockAccumulator * 31 + mix(tokenHash);
    if (++inBlock == blockTokens) {
      long blockHash = mix(previousBlockHash * 0x9E3779B97F4A7C15L ^ blockAccumulator);
      if (blockCount == blocks.length) {
        blocks = Arrays.copyOf(blocks, blocks.length * 2);
      }
      blocks[blockCount++] = blockHash;
      previousBlockHash = blockHash;
      blockAccumulator = 0;
      inBlock = 0;
    }
  }

  /** A 64-bit finalizer (from SplitMix64) so that similar inputs give unrelated hashes. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
