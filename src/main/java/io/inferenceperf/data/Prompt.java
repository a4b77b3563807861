package io.inferenceperf.data;

/**
 * One request's input, produced by a {@link DataGenerator} before the request is due.
 *
 * @param text the prompt (completion API) or the single user message (chat API)
 * @param promptTokens the client's count of input tokens for {@code text} (with the chat template when used), or
 *     -1 when unknown
 * @param maxTokens output tokens to ask for (max_tokens); 0 means "let the API layer pick its default"
 * @param media the user message as content parts with media (chat API), or null for plain text; {@code text} then
 *     holds the message's text alone
 */
public record Prompt(String text, int promptTokens, int maxTokens, PromptMedia media) {

  /** A plain-text prompt. */
  public Prompt(String text, int promptTokens, int maxTokens) {
    this(text, promptTokens, maxTokens, null);
  }
}
