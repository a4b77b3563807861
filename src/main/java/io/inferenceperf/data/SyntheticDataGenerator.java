package io.inferenceperf.data;

import io.inferenceperf.data.Seeds.Purpose;
import io.inferenceperf.tokenizer.IntList;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.SplittableRandom;

/**
 * inference-perf's {@code synthetic} data: a slice of a text corpus of exactly the sampled input length. The
 * corpus (data.corpus_file_path, or a short original text shipped with the tool) is prefixed with an instruction
 * and encoded once; each request takes ids from a random offset (wrapping around the end), then grows or shrinks
 * the slice until its text counts exactly right. Lengths as {@link RandomDataGenerator}.
 */
final class SyntheticDataGenerator implements DataGenerator {

  static final String INSTRUCTION = "Pick as many lines as you can from these poem lines:\n";

  private final long seed;
  private final RequestLengths lengths;
  private final int[] corpusIds;
  private final ExactLengthText exactText;
  private final PromptFormat format;
  private final String corpusName;

  SyntheticDataGenerator(long seed, RequestLengths lengths, String corpus, String corpusName, Tokenizer tokenizer,
      PromptFormat format) {
    this.seed = seed;
    this.lengths = lengths;
    this.corpusIds = tokenizer.encode(INSTRUCTION + corpus, false);
    this.exactText = new ExactLengthText(tokenizer, format.countShape());
    this.format = format;
    this.corpusName = corpusName;
  }

  boolean corpusEmpty() {
    return corpusIds.length == 0;
  }

  @Override
  public Prompt prompt(int stageId, long index) {
    int inputTokens = lengths.inputTokens(index);
    SplittableRandom random = Seeds.stream(seed, Purpose.TEXT, stageId, index);
    int[] next = {random.nextInt(corpusIds.length)};
    ExactLengthText.IdSource corpusSlice = new ExactLengthText.IdSource() {
      @Override
      public void append(IntList ids, int count) {
        for (int i = 0; i < count; i++) {
          ids.add(corpusIds[next[0]]);
          next[0] = (next[0] + 1) % corpusIds.length;
        }
      }

      @Override
      public void dropped(int count) {
        next[0] = Math.floorMod(next[0] - count, corpusIds.length);
      }
    };
    String text = exactText.make(corpusSlice, inputTokens);
    return new Prompt(format.sentShape().wrap(text), format.countKnown() ? inputTokens : -1,
        lengths.outputTokens(index));
  }

  @Override
  public String describe() {
    return "synthetic (corpus " + corpusName + ", " + lengths.describe() + ")";
  }
}
