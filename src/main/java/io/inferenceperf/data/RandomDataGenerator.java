package io.inferenceperf.data;

import io.inferenceperf.data.Seeds.Purpose;
import io.inferenceperf.tokenizer.Tokenizer;

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
  private final LengthSampler inputLengths;
  private final LengthSampler outputLengths;
  private final ExactLengthText exactText;
  private final Tokenizer tokenizer;
  private final boolean countKnown;

  /**
   * @param countKnown whether the exact count equals what the server will count (false for the chat API when the
   *     server applies a template we do not render)
   */
  RandomDataGenerator(long seed, LengthSampler inputLengths, LengthSampler outputLengths, ExactLengthText exactText,
      Tokenizer tokenizer, boolean countKnown) {
    this.seed = seed;
    this.inputLengths = inputLengths;
    this.outputLengths = outputLengths;
    this.exactText = exactText;
    this.tokenizer = tokenizer;
    this.countKnown = countKnown;
  }

  @Override
  public Prompt prompt(int stageId, long index) {
    int inputTokens = inputLengths.sample(Seeds.stream(seed, Purpose.INPUT_LENGTH, 0, index));
    int outputTokens = outputLengths.sample(Seeds.stream(seed, Purpose.OUTPUT_LENGTH, 0, index));
    String text = exactText.make(Seeds.stream(seed, Purpose.TEXT, stageId, index), inputTokens);
    return new Prompt(text, countKnown ? inputTokens : -1, outputTokens);
  }

  @Override
  public String describe() {
    return "random (input " + inputLengths.describe() + ", output " + outputLengths.describe() + ", tokenizer "
        + tokenizer.name() + ")";
  }
}
