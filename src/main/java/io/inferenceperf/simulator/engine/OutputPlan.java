package io.inferenceperf.simulator.engine;

/**
 * What a request will generate. With finish reason "stop" the last generated token is the end-of-sequence token:
 * it counts in usage but carries no text, as in vLLM.
 *
 * @param targetTokens tokens generated in total (usage.completion_tokens)
 * @param finishReason "length" (hit max_tokens) or "stop" (end of sequence)
 * @param reasoningTokens leading tokens sent as reasoning_content (chat only; 0 otherwise)
 */
public record OutputPlan(int targetTokens, String finishReason, int reasoningTokens) {

  public boolean endsWithEos() {
    return finishReason.equals("stop");
  }

  /** Tokens that carry text (all but the end-of-sequence token). */
  public int visibleTokens() {
    return endsWithEos() ? targetTokens - 1 : targetTokens;
  }

  public boolean isReasoning(int tokenIndex) {
    return tokenIndex < reasoningTokens;
  }
}
