package io.inferenceperf.data;

/**
 * How prompt text is counted: either as is (with the tokenizer's special tokens, as a completion server counts
 * it), or wrapped in a chat template and counted without adding special tokens (the template carries them).
 */
public interface PromptShape {

  /** The text the server will tokenize for {@code text}. */
  String wrap(String text);

  /** Whether counting {@link #wrap} output adds the tokenizer's special tokens (BOS). */
  boolean addSpecialTokens();

  /** The chat template around one user turn, counted without adding special tokens (the template has them). */
  static PromptShape chat(io.inferenceperf.tokenizer.ChatTemplate template) {
    return new PromptShape() {
      @Override
      public String wrap(String text) {
        return template.renderUserTurn(text);
      }

      @Override
      public boolean addSpecialTokens() {
        return false;
      }
    };
  }

  /** Plain text counted with special tokens, as /v1/completions receives it. */
  PromptShape PLAIN =
      new PromptShape() {
        @Override
        public String wrap(String text) {
          return text;
        }

        @Override
        public boolean addSpecialTokens() {
          return true;
        }
      };
}
