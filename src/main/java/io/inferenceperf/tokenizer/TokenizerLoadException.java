package io.inferenceperf.tokenizer;

/**
 * A tokenizer could not be loaded; the message says what was tried and how to fix it. An input mistake is the user's
 * own folder (missing, incomplete, damaged, unreadable): a configuration to correct, unlike a Hub that cannot be
 * reached.
 */
public final class TokenizerLoadException extends RuntimeException {
  private final boolean inputMistake;

  public TokenizerLoadException(String message) {
    this(message, false);
  }

  private TokenizerLoadException(String message, boolean inputMistake) {
    super(message);
    this.inputMistake = inputMistake;
  }

  /** The same failure, found in a folder the user named: the input is to be corrected. */
  TokenizerLoadException asInputMistake() {
    return new TokenizerLoadException(getMessage(), true);
  }

  public boolean inputMistake() {
    return inputMistake;
  }
}
