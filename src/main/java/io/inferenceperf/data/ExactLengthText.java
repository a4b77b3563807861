package io.inferenceperf.data;

import io.inferenceperf.tokenizer.IntList;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.random.RandomGenerator;

/**
 * Makes text of an exact token count from random vocabulary ids, as inference-perf's
 * {@code generate_random_exact_length_text} does: decode random ids, count the (wrapped) text, then append random
 * ids for a deficit or drop ids from the end for an excess, until the count matches or the attempts run out.
 * Thread-safe; all randomness comes from the caller's generator.
 */
public final class ExactLengthText {

  static final int MAX_ATTEMPTS = 20;

  private final Tokenizer tokenizer;
  private final int[] candidateIds;
  private final PromptShape shape;
  private final int overheadTokens;

  /**
   * @param candidateIds ids to draw from (ordinary, non-special tokens); must not be empty
   */
  public ExactLengthText(Tokenizer tokenizer, int[] candidateIds, PromptShape shape) {
    if (candidateIds.length == 0) {
      throw new IllegalArgumentException("no candidate token ids");
    }
    this.tokenizer = tokenizer;
    this.candidateIds = candidateIds;
    this.shape = shape;
    this.overheadTokens = count("");
  }

  /** Tokens counted for empty text: BOS and/or the chat template's fixed part. */
  public int overheadTokens() {
    return overheadTokens;
  }

  /** The server-side token count of {@code text}, under this shape. */
  public int count(String text) {
    return tokenizer.countTokens(shape.wrap(text), shape.addSpecialTokens());
  }

  /**
   * Text whose count under this shape is exactly {@code targetTokens}.
   *
   * @throws PromptGenerationException when the target is below the overhead or the fix-up does not converge
   */
  public String make(RandomGenerator random, int targetTokens) {
    if (targetTokens < overheadTokens) {
      throw new PromptGenerationException("an input length of " + targetTokens + " tokens is below the "
          + overheadTokens + " tokens that the empty prompt already counts with tokenizer '" + tokenizer.name()
          + "'; raise data.input_distribution.min");
    }
    IntList ids = new IntList(targetTokens);
    appendRandom(ids, random, targetTokens - overheadTokens);
    int lastCount = -1;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      String text = tokenizer.decode(ids.toArray());
      lastCount = count(text);
      int deficit = targetTokens - lastCount;
      if (deficit == 0) {
        return text;
      }
      if (deficit > 0) {
        appendRandom(ids, random, deficit);
      } else if (ids.size() == 0) {
        break;
      } else {
        ids.truncateBy(-deficit);
      }
    }
    throw new PromptGenerationException("could not make a prompt of exactly " + targetTokens + " tokens with "
        + "tokenizer '" + tokenizer.name() + "' in " + MAX_ATTEMPTS + " attempts (last count " + lastCount
        + "): its decode and encode do not round-trip. Check that tokenizer.pretrained_model_name_or_path "
        + "names the model the server runs");
  }

  private void appendRandom(IntList ids, RandomGenerator random, int count) {
    for (int i = 0; i < count; i++) {
      ids.add(candidateIds[random.nextInt(candidateIds.length)]);
    }
  }
}
