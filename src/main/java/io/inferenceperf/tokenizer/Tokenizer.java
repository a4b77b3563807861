package io.inferenceperf.tokenizer;

import java.util.Optional;

/**
 * Counts, encodes and decodes tokens the way a model does. Implementations must be thread-safe: prompts are
 * prepared on several threads and output text is counted off the I/O threads.
 */
public interface Tokenizer {

  /** A short name for reports, e.g. "hf:meta-llama/Llama-3.1-8B" or "approximate-chars/4". */
  String name();

  /** Token ids of {@code text}; with {@code addSpecialTokens} the model's BOS etc. are included. */
  int[] encode(String text, boolean addSpecialTokens);

  /** Text of {@code ids}, skipping special tokens. */
  String decode(int[] ids);

  /** Number of tokens of {@code text}. */
  default int countTokens(String text, boolean addSpecialTokens) {
    return encode(text, addSpecialTokens).length;
  }

  /**
   * Number of tokens of {@code text[start, end)} as generated output is counted (no special tokens). Response
   * texts are kept in one buffer per response and counted chunk by chunk from it; tokenizers that can count a range
   * in place override this to spare the copy.
   */
  default int countTokens(CharSequence text, int start, int end) {
    return countTokens(text.subSequence(start, end).toString(), false);
  }

  /** True when counts are exact for the model under test; false for the built-in approximation. */
  boolean exact();

  /**
   * Ids of the ordinary (non-special) tokens, from which random prompt text is drawn; an empty array when the
   * tokenizer cannot list its vocabulary. Callers must not modify the returned array.
   */
  default int[] ordinaryTokenIds() {
    return new int[0];
  }

  /** The model's chat template, when its tokenizer files have one we can render. */
  default Optional<ChatTemplate> chatTemplate() {
    return Optional.empty();
  }
}
