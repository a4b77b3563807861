package io.inferenceperf.data;

import io.inferenceperf.tokenizer.Tokenizer;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Exact-length random text without encoding: a random bare word followed by random spaced words counts exactly one
 * token per word (see {@link WordTokens}), plus the fixed overhead of the prompt shape (BOS, chat template). Only
 * offered after a self-test with the real tokenizer and shape confirms the counts, so it is exact wherever it is
 * used; otherwise callers use {@link ExactLengthText}'s fix-up loop. Thread-safe.
 */
final class WordText {

  private static final int[] SELF_TEST_LENGTHS = {1, 2, 3, 5, 8, 13, 40, 120, 333, 1000, 2500};

  private final WordTokens words;
  private final int overheadTokens;

  private WordText(WordTokens words, int overheadTokens) {
    this.words = words;
    this.overheadTokens = overheadTokens;
  }

  /** A generator for {@code shape}, if the tokenizer has enough word tokens and the self-test passes. */
  static Optional<WordText> forShape(Tokenizer tokenizer, PromptShape shape) {
    WordTokens words = WordTokens.of(tokenizer);
    if (!words.usable()) {
      return Optional.empty();
    }
    ExactLengthText counter = new ExactLengthText(tokenizer, shape);
    WordText wordText = new WordText(words, counter.overheadTokens());
    SplittableRandom random = new SplittableRandom(0x5EED);
    for (int length : SELF_TEST_LENGTHS) {
      for (int trial = 0; trial < 3; trial++) {
        int target = wordText.overheadTokens + length;
        if (counter.count(wordText.make(random, target)) != target) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(wordText);
  }

  /** Text that counts exactly {@code targetTokens} under the shape (target must exceed the overhead). */
  String make(RandomGenerator random, int targetTokens) {
    int wordCount = targetTokens - overheadTokens;
    if (wordCount < 1) {
      throw new PromptGenerationException("an input length of " + targetTokens + " tokens leaves no room for text "
          + "after the " + overheadTokens + " tokens of BOS/chat template; raise data.input_distribution.min");
    }
    StringBuilder text = new StringBuilder(wordCount * 8);
    text.append(words.bareText()[random.nextInt(words.bare().length)]);
    String[] spaced = words.spacedText();
    for (int i = 1; i < wordCount; i++) {
      text.append(spaced[random.nextInt(spaced.length)]);
    }
    return text.toString();
  }
}
