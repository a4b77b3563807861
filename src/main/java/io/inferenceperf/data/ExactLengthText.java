package io.inferenceperf.data;

import io.inferenceperf.tokenizer.IntList;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.random.RandomGenerator;

/**
 * Makes text of an exact token count from random vocabulary ids, as inference-perf's
 * {@code generate_random_exact_length_text} does: decode random ids, count the (wrapped) text, then append random
 * ids for a deficit or drop ids from the end for an excess, until the count matches or the attempts run out.
 * Unlike inference-perf (20 bulk attempts) the last 30 of our 40 attempts move one id at a time, which settles the
 * cases where merges at the end make bulk corrections overshoot back and forth.
 * Thread-safe; all randomness comes from the caller's generator.
 */
public final class ExactLengthText {

  static final int MAX_ATTEMPTS = 40;
  /** After this many bulk corrections, correct one id at a time so merges at the end cannot make it oscillate. */
  static final int BULK_ATTEMPTS = 10;

  /** Supplies the ids text is made of: random vocabulary ids, or the next ids of a corpus. */
  public interface IdSource {
    /** Appends {@code count} more ids to {@code ids}. */
    void append(IntList ids, int count);

    /** The last {@code count} appended ids were dropped (a corpus source steps back to stay contiguous). */
    default void dropped(int count) {}
  }

  private final Tokenizer tokenizer;
  private final PromptShape shape;
  private final int overheadTokens;

  public ExactLengthText(Tokenizer tokenizer, PromptShape shape) {
    this.tokenizer = tokenizer;
    this.shape = shape;
    this.overheadTokens = count("");
  }

  /** Random ids drawn uniformly from {@code candidateIds} (must not be empty). */
  public static IdSource randomIds(int[] candidateIds, RandomGenerator random) {
    if (candidateIds.length == 0) {
      throw new IllegalArgumentException("no candidate token ids");
    }
    return (ids, count) -> {
      for (int i = 0; i < count; i++) {
        ids.add(candidateIds[random.nextInt(candidateIds.length)]);
      }
    };
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
  public String make(IdSource source, int targetTokens) {
    return make(source, new IntList(targetTokens), targetTokens);
  }

  /** As {@link #make(IdSource, int)}, starting from {@code start} (e.g. a fixed prefix), which may be trimmed. */
  public String make(IdSource source, IntList start, int targetTokens) {
    if (targetTokens < overheadTokens) {
      throw new PromptGenerationException("an input length of " + targetTokens + " tokens is below the "
          + overheadTokens + " tokens that the empty prompt already counts with tokenizer '" + tokenizer.name()
          + "'; raise data.input_distribution.min");
    }
    IntList ids = start;
    source.append(ids, Math.max(0, targetTokens - overheadTokens - ids.size()));
    int lastCount = -1;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      String text = tokenizer.decode(ids.toArray());
      lastCount = count(text);
      int deficit = targetTokens - lastCount;
      if (deficit == 0) {
        return text;
      }
      boolean fine = attempt >= BULK_ATTEMPTS;
      if (deficit > 0) {
        source.append(ids, fine ? 1 : deficit);
      } else if (ids.size() == 0) {
        break;
      } else {
        int drop = Math.min(fine ? 1 : -deficit, ids.size());
        ids.truncateBy(drop);
        source.dropped(drop);
      }
    }
    throw new PromptGenerationException("could not make a prompt of exactly " + targetTokens + " tokens with "
        + "tokenizer '" + tokenizer.name() + "' in " + MAX_ATTEMPTS + " attempts (last count " + lastCount
        + "): its decode and encode do not round-trip. Check that tokenizer.pretrained_model_name_or_path "
        + "names the model the server runs");
  }
}
