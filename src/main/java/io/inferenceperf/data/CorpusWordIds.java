package io.inferenceperf.data;

import io.inferenceperf.tokenizer.IntList;
import io.inferenceperf.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The token ids that trace replay builds prompt text from: the words of a text corpus (data.corpus_file_path, or
 * the built-in one, after the same instruction line as {@link SyntheticDataGenerator}), in corpus order and with
 * their corpus frequencies, kept only when the tokenizer has them as whole spaced words (" house"). Any sequence of
 * such ids decodes to text that encodes back to the very same ids (see {@link WordTokens}), so a block of N ids is
 * N tokens on the server too and blocks stay aligned. Tokenizers without enough such words fall back to the
 * vocabulary's own round-trip words, then to the corpus ids as they are.
 */
public final class CorpusWordIds {

  /** Fewer kept corpus words than this: the corpus says too little in this tokenizer's words. */
  static final int MIN_CORPUS_WORDS = 200;

  private CorpusWordIds() {}

  /** The ids for {@code corpus} (null: the built-in corpus); never empty for a tokenizer with a vocabulary. */
  public static int[] of(Tokenizer tokenizer, String corpus) {
    String text = SyntheticDataGenerator.INSTRUCTION + (corpus != null ? corpus : builtIn());
    int[] corpusIds = tokenizer.encode(text, false);
    int[] spaced = WordTokens.of(tokenizer).spaced().clone();
    Arrays.sort(spaced);
    IntList kept = new IntList(corpusIds.length);
    for (int id : corpusIds) {
      if (Arrays.binarySearch(spaced, id) >= 0) kept.add(id);
    }
    if (kept.size() >= MIN_CORPUS_WORDS) return kept.toArray();
    int[] vocabularyWords = WordTokens.candidates(tokenizer);
    return vocabularyWords.length > 0 ? vocabularyWords : corpusIds;
  }

  private static String builtIn() {
    try {
      return DataGenerators.builtInCorpus();
    } catch (IOException e) {
      throw new UncheckedIOException("the built-in corpus cannot be read", e);
    }
  }
}
