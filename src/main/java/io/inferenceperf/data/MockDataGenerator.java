package io.inferenceperf.data;

import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.tokenizer.Tokenizer;

/**
 * inference-perf's {@code mock} data: a tiny fixed prompt per request, "1 2 3 {i}" for the completion API and
 * "mock prompt {i}" for chat, with the API's default max_tokens.
 */
final class MockDataGenerator implements DataGenerator {

  private final ApiType apiType;
  private final Tokenizer tokenizer;
  private final PromptFormat format;

  MockDataGenerator(ApiType apiType, Tokenizer tokenizer, PromptFormat format) {
    this.apiType = apiType;
    this.tokenizer = tokenizer;
    this.format = format;
  }

  @Override
  public Prompt prompt(int stageId, long index) {
    String text = ApiConfig.messagesApi(apiType) ? "mock prompt " + index : "1 2 3 " + index;
    return format.prompt(text, tokenizer, 0);
  }

  @Override
  public String describe() {
    return "mock (\"" + (ApiConfig.messagesApi(apiType) ? "mock prompt {i}" : "1 2 3 {i}") + "\", default max_tokens)";
  }
}
