package io.inferenceperf.data;

import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.tokenizer.Tokenizer;

/**
 * inference-perf's {@code mock} data: a tiny fixed prompt per request, "1 2 3 {i}" for the completion API and
 * "mock prompt {i}" for chat, with the API's default max_tokens.
 */
final class MockDataGenerator implements DataGenerator {

  private final ApiType apiType;
  private final Tokenizer tokenizer;

  MockDataGenerator(ApiType apiType, Tokenizer tokenizer) {
    this.apiType = apiType;
    this.tokenizer = tokenizer;
  }

  @Override
  public Prompt prompt(int stageId, long index) {
    if (apiType == ApiType.CHAT) {
      // The server wraps the message in its chat template, which we do not model here: count unknown.
      return new Prompt("mock prompt " + index, -1, 0);
    }
    String text = "1 2 3 " + index;
    return new Prompt(text, tokenizer.countTokens(text, true), 0);
  }

  @Override
  public String describe() {
    return "mock (\"" + (apiType == ApiType.CHAT ? "mock prompt {i}" : "1 2 3 {i}") + "\", default max_tokens)";
  }
}
