package io.inferenceperf.data;

import io.inferenceperf.tokenizer.IntList;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

/**
 * The vocabulary random prompts are drawn from: tokens that are a space followed by 2 or more ASCII letters
 * (" house") and encode back to themselves. Text made of them re-tokenizes to (almost) the same count, so the
 * exact-length fix-up converges in one or two passes instead of many, which matters with a real tokenizer (each
 * pass encodes the whole prompt). inference-perf draws from the whole vocabulary; with fewer than
 * {@value #MIN_WORDS} such tokens (e.g. a SentencePiece vocabulary written with "▁") we do too. Computed once per
 * tokenizer.
 */
final class WordTokens {

  static final int MIN_WORDS = 1000;
  private static final Pattern WORD = Pattern.compile(" [A-Za-z]{2,}");
  private static final Map<Tokenizer, int[]> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

  private WordTokens() {}

  static int[] of(Tokenizer tokenizer) {
    return CACHE.computeIfAbsent(tokenizer, WordTokens::compute);
  }

  private static int[] compute(Tokenizer tokenizer) {
    int[] ordinary = tokenizer.ordinaryTokenIds();
    IntList words = new IntList(ordinary.length / 4);
    int[] single = new int[1];
    for (int id : ordinary) {
      single[0] = id;
      String text = tokenizer.decode(single);
      if (WORD.matcher(text).matches() && Arrays.equals(single, tokenizer.encode(text, false))) {
        words.add(id);
      }
    }
    return words.size() >= MIN_WORDS ? words.toArray() : ordinary;
  }
}
