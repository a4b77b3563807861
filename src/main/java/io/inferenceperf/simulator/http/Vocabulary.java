package io.inferenceperf.simulator.http;

import java.nio.charset.StandardCharsets;

/**
 * The words the simulator "generates": common English words with a leading space, each a single token in GPT-2
 * and Llama 3 style byte-level BPE vocabularies, so a client re-tokenizing the output counts one token per word.
 * Plain ASCII, so they need no JSON escaping. Token i of every response is {@code word(i)}.
 */
public final class Vocabulary {
  private static final String[] WORDS = {
    " the", " of", " and", " to", " in", " is", " that", " for", " it", " as", " was", " with", " be", " by",
    " on", " not", " he", " this", " are", " or", " his", " from", " at", " which", " but", " have", " an",
    " they", " you", " were", " her", " she", " there", " one", " all", " we", " their", " can", " has", " more",
    " will", " would", " been", " if", " no", " when", " what", " so", " out", " up", " into", " time", " only",
    " new", " some", " could", " these", " two", " may", " first", " then", " do", " any", " like"
  };
  private static final byte[][] BYTES = new byte[WORDS.length][];

  static {
    for (int i = 0; i < WORDS.length; i++) {
      BYTES[i] = WORDS[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  private Vocabulary() {}

  public static String word(int tokenIndex) {
    return WORDS[tokenIndex % WORDS.length];
  }

  static byte[] bytes(int tokenIndex) {
    return BYTES[tokenIndex % BYTES.length];
  }

  /** The text of tokens {@code [from, to)}. */
  public static String text(int from, int to) {
    StringBuilder out = new StringBuilder((to - from) * 5);
    for (int i = from; i < to; i++) {
      out.append(word(i));
    }
    return out.toString();
  }
}
