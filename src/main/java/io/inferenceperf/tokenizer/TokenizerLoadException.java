package io.inferenceperf.tokenizer;

/** A tokenizer could not be loaded; the message says what was tried and how to fix it. */
public final class TokenizerLoadException extends RuntimeException {
  public TokenizerLoadException(String message) {
    super(message);
  }
}
