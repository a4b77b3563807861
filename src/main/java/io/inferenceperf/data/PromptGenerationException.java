package io.inferenceperf.data;

/** A prompt could not be built (e.g. the tokenizer cannot produce text of the wanted length). The message says why. */
public final class PromptGenerationException extends RuntimeException {
  public PromptGenerationException(String message) {
    super(message);
  }
}
