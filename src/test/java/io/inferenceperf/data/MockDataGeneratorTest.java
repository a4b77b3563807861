package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.tokenizer.ApproximateTokenizer;
import org.junit.jupiter.api.Test;

class MockDataGeneratorTest {

  @Test
  void completionPromptsAreNumbered() {
    DataGenerator generator = RandomDataGeneratorTest.generator(
        TestConfigs.config(ApiType.COMPLETION, DataConfig.defaults(), 1), ApproximateTokenizer.instance());
    assertEquals(new Prompt("1 2 3 0", 4, 0), generator.prompt(0, 0));
    assertEquals(new Prompt("1 2 3 17", 4, 0), generator.prompt(2, 17));
  }

  @Test
  void chatPromptsAreNumberedMessages() {
    DataGenerator generator = RandomDataGeneratorTest.generator(
        TestConfigs.config(ApiType.CHAT, DataConfig.defaults(), 1), ApproximateTokenizer.instance());
    assertEquals(new Prompt("mock prompt 5", -1, 0), generator.prompt(0, 5));
  }

  @Test
  void distributionsAreAConfigError() {
    DataConfig withDistribution = new DataConfig(DataConfig.DataType.MOCK, null, null,
        TestConfigs.normal(1, 10, 5, 1), null, false);
    DataGeneratorResult result = DataGenerators.create(
        TestConfigs.config(ApiType.COMPLETION, withDistribution, 1), ApproximateTokenizer.instance());
    assertInstanceOf(DataGeneratorResult.Invalid.class, result);
  }
}
