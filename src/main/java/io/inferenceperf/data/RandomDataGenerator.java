package io.inferenceperf.data;

import io.inferenceperf.data.Seeds.Purpose;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.SplittableRandom;

/**
 * inference-perf's {@code random} data: prompts of random vocabulary tokens whose token count is exactly a length
 * drawn from {@code data.input_distribution}, and max_tokens drawn from {@code data.output_distribution}.
 *
 * <p>Reproducibility: the lengths of request {@code index} depend only on (seed, index), so every stage sees the
 * same sequence of lengths, as inference-perf's pre-sampled length lists do; the text also depends on the stage,
 * so stages do not share prompts (and prefix-cache hits). Nothing is pre-sampled, so there is no request-count
 * limit and {@code total_count} is not needed.
 */
final class RandomDataGenerator implements DataGenerator {

  private final long seed;
  private final RequestLengths lengths;
  private final ExactLengthText exactText;
  private final Tokenizer tokenizer;
  private final int[] candidateIds;
  private final WordText wordText; // null: this tokenizer and shape need the fix-up loop
  private final boolean countKnown;
  private final PromptShape sentShape;

  RandomDataGenerator(long seed, RequestLengths lengths, Tokenizer tokenizer, PromptFormat format) {
    this.lengths = lengths;
    this.sentShape = format.sentShape();
    this.countKnown = format.countKnown();
    this.exactText = new ExactLengthText(tokenizer, format.countShape());
    this.seed = seed;
    this.tokenizer = tokenizer;
    this.candidateIds = WordTokens.candidates(tokenizer);
    this.wordText = WordText.forShape(tokenizer, format.countShape()).orElse(null);
  }

  @Override
  public Prompt prompt(int stageId, long index) {
    int inputTokens = lengths.inputTokens(index);
    int outputTokens = lengths.outputTokens(index);
    SplittableRandom random = Seeds.stream(seed, Purpose.TEXT, stageId, index);
    String text = wordText != null ? wordText.make(random, inputTokens)
        : exactText.make(ExactLengthText.randomIds(candidateIds, random), inputTokens);
    return new Prompt(sentShape.wrap(text), countKnown ? inputTokens : -1, outputTokens);
  }

  @Override
  public String describe() {
    return "random (" + lengths.describe() + ", tokenizer " + tokenizer.name() + ", "
        + (wordText != null ? "random whole-word tokens" : "random vocabulary tokens with fix-up") + ")";
  }
}
