package io.inferenceperf.data;

/**
 * One request's input, produced by a {@link DataGenerator} before the request is due.
 *
 * @param text the prompt (completion API) or the single user message (chat API)
 * @param promptTokens the client's count of input tokens for {@code text} (with the chat template when used), or
 *     -1 when unknown
 * @param maxTokens output tokens to ask for (max_tokens); 0 means "let the API layer pick its default"
 */
public record Prompt(String text, int promptTokens, int maxTokens) {}
