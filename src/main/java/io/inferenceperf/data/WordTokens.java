package io.inferenceperf.data;

import io.inferenceperf.tokenizer.IntList;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

/**
 * Whole-word tokens of a tokenizer's vocabulary, for random prompts: "spaced" tokens (a space and 2+ ASCII letters,
 * " house") and "bare" ones ("house"), each of which encodes back to itself. Pre-tokenizers of byte-level BPE
 * models (GPT-2, Llama 3, Qwen, ...) cut text before every " word", so a bare word followed by spaced words
 * re-tokenizes to exactly one token per word: prompts of an exact length need no encoding at all
 * ({@link WordText}). Computed once per tokenizer.
 *
 * @param spaced ids of spaced word tokens, empty when the vocabulary has fewer than {@value #MIN_WORDS}
 * @param spacedText the text of each entry of {@code spaced}
 * @param bare ids of bare word tokens (same rule)
 * @param bareText the text of each entry of {@code bare}
 */
record WordTokens(int[] spaced, String[] spacedText, int[] bare, String[] bareText) {

  static final int MIN_WORDS = 1000;
  private static final Pattern SPACED = Pattern.compile(" [A-Za-z]{2,}");
  private static final Pattern BARE = Pattern.compile("[A-Za-z]{2,}");
  private static final Map<Tokenizer, WordTokens> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

  static WordTokens of(Tokenizer tokenizer) {
    return CACHE.computeIfAbsent(tokenizer, WordTokens::compute);
  }

  /** Enough spaced and bare words to build prompts from. */
  boolean usable() {
    return spaced.length >= MIN_WORDS && bare.length >= MIN_WORDS;
  }

  private static final Map<Tokenizer, int[]> ROUND_TRIP_CACHE = Collections.synchronizedMap(new WeakHashMap<>());
  private static final int MIN_ROUND_TRIP = 100;

  /**
   * Ids to draw random text from for the fix-up loop: spaced words when there are enough (the fix-up then
   * converges in one or two passes); else the ordinary tokens that decode and re-encode to themselves alone
   * (leaving out e.g. SentencePiece byte pieces, whose lone bytes decode to U+FFFD and derail the count); else every
   * ordinary token, as inference-perf draws.
   */
  static int[] candidates(Tokenizer tokenizer) {
    WordTokens words = of(tokenizer);
    if (words.spaced().length >= MIN_WORDS) {
      return words.spaced();
    }
    int[] roundTrip = ROUND_TRIP_CACHE.computeIfAbsent(tokenizer, WordTokens::roundTripIds);
    return roundTrip.length >= MIN_ROUND_TRIP ? roundTrip : tokenizer.ordinaryTokenIds();
  }

  private static int[] roundTripIds(Tokenizer tokenizer) {
    IntList ids = new IntList(1024);
    int[] single = new int[1];
    for (int id : tokenizer.ordinaryTokenIds()) {
      single[0] = id;
      String text = tokenizer.decode(single);
      if (!text.isBlank() && Arrays.equals(single, tokenizer.encode(text, false))) {
        ids.add(id);
      }
    }
    return ids.toArray();
  }

  private static WordTokens compute(Tokenizer tokenizer) {
    IntList spacedIds = new IntList(1024);
    IntList bareIds = new IntList(1024);
    List<String> spacedTexts = new ArrayList<>();
    List<String> bareTexts = new ArrayList<>();
    int[] single = new int[1];
    for (int id : tokenizer.ordinaryTokenIds()) {
      single[0] = id;
      String text = tokenizer.decode(single);
      boolean spaced = SPACED.matcher(text).matches();
      if ((spaced || BARE.matcher(text).matches()) && Arrays.equals(single, tokenizer.encode(text, false))) {
        (spaced ? spacedIds : bareIds).add(id);
        (spaced ? spacedTexts : bareTexts).add(text);
      }
    }
    return new WordTokens(spacedIds.toArray(), spacedTexts.toArray(String[]::new), bareIds.toArray(),
        bareTexts.toArray(String[]::new));
  }
}
