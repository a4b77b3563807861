package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.tokenizer.ApproximateTokenizer;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomDataGeneratorTest {

  private static final Tokenizer APPROXIMATE = ApproximateTokenizer.instance();
  private static final DataConfig RANDOM =
      TestConfigs.random(TestConfigs.normal(20, 400, 200, 80), TestConfigs.normal(5, 300, 100, 50));

  static DataGenerator generator(Config config, Tokenizer tokenizer) {
    DataGeneratorResult result = DataGenerators.create(config, tokenizer);
    if (result instanceof DataGeneratorResult.Invalid invalid) {
      throw new AssertionError("unexpected problems: " + invalid.problems());
    }
    return ((DataGeneratorResult.Ready) result).generator();
  }

  private static List<Prompt> prompts(DataGenerator generator, int stage, int count) {
    List<Prompt> prompts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      prompts.add(generator.prompt(stage, i));
    }
    return prompts;
  }

  @Test
  void sameSeedGivesIdenticalPromptsWhateverTheOrderOrThread() {
    DataGenerator first = generator(TestConfigs.config(ApiType.COMPLETION, RANDOM, 1234), APPROXIMATE);
    DataGenerator second = generator(TestConfigs.config(ApiType.COMPLETION, RANDOM, 1234), APPROXIMATE);
    List<Prompt> sequential = prompts(first, 0, 200);
    ConcurrentHashMap<Integer, Prompt> parallel = new ConcurrentHashMap<>();
    IntStream.range(0, 200).parallel().map(i -> 199 - i).forEach(i -> parallel.put(i, second.prompt(0, i)));
    for (int i = 0; i < 200; i++) {
      assertEquals(sequential.get(i), parallel.get(i), "prompt " + i);
    }
  }

  @Test
  void differentSeedsGiveDifferentPrompts() {
    List<Prompt> a = prompts(generator(TestConfigs.config(ApiType.COMPLETION, RANDOM, 1), APPROXIMATE), 0, 50);
    List<Prompt> b = prompts(generator(TestConfigs.config(ApiType.COMPLETION, RANDOM, 2), APPROXIMATE), 0, 50);
    long sameText = IntStream.range(0, 50).filter(i -> a.get(i).text().equals(b.get(i).text())).count();
    long sameLength = IntStream.range(0, 50).filter(i -> a.get(i).promptTokens() == b.get(i).promptTokens()).count();
    assertEquals(0, sameText);
    assertTrue(sameLength < 10, "lengths should mostly differ, " + sameLength + " equal");
  }

  @Test
  void stagesShareLengthsButNotText() {
    DataGenerator generator = generator(TestConfigs.config(ApiType.COMPLETION, RANDOM, 9), APPROXIMATE);
    for (int i = 0; i < 30; i++) {
      Prompt stage0 = generator.prompt(0, i);
      Prompt stage1 = generator.prompt(1, i);
      assertEquals(stage0.promptTokens(), stage1.promptTokens());
      assertEquals(stage0.maxTokens(), stage1.maxTokens());
      assertNotEquals(stage0.text(), stage1.text());
    }
  }

  @Test
  void everyPromptHasExactlyTheSampledTokenCount() {
    DataGenerator generator = generator(TestConfigs.config(ApiType.COMPLETION, RANDOM, 77), APPROXIMATE);
    LengthSampler input = new LengthSampler(RANDOM.inputDistribution());
    LengthSampler output = new LengthSampler(RANDOM.outputDistribution());
    for (int i = 0; i < 500; i++) {
      Prompt prompt = generator.prompt(0, i);
      assertEquals(input.sample(Seeds.stream(77, Seeds.Purpose.INPUT_LENGTH, 0, i)), prompt.promptTokens());
      assertEquals(output.sample(Seeds.stream(77, Seeds.Purpose.OUTPUT_LENGTH, 0, i)), prompt.maxTokens());
      assertEquals(prompt.promptTokens(), APPROXIMATE.countTokens(prompt.text(), true), "prompt " + i);
    }
  }

  @Test
  void lengthsFollowTheDistributions() {
    DataGenerator generator = generator(TestConfigs.config(ApiType.COMPLETION, RANDOM, 5), APPROXIMATE);
    List<Prompt> prompts = prompts(generator, 0, 3000);
    double inputMean = prompts.stream().mapToInt(Prompt::promptTokens).average().orElseThrow();
    double outputMean = prompts.stream().mapToInt(Prompt::maxTokens).average().orElseThrow();
    assertEquals(200, inputMean, 5);
    assertEquals(103, outputMean, 5); // clipping at 5 lifts the mean of N(100, 50) slightly
    assertTrue(prompts.stream().allMatch(p -> p.promptTokens() >= 20 && p.promptTokens() <= 400));
    assertTrue(prompts.stream().allMatch(p -> p.maxTokens() >= 5 && p.maxTokens() <= 300));
  }

  @Test
  void chatApiLeavesTheCountUnknownWithoutATemplate() {
    Prompt prompt = generator(TestConfigs.config(ApiType.CHAT, RANDOM, 3), APPROXIMATE).prompt(0, 0);
    assertEquals(-1, prompt.promptTokens());
    assertTrue(prompt.maxTokens() >= 5);
  }

  @Test
  void missingOrBrokenDistributionsAreReportedTogether() {
    DataConfig broken = TestConfigs.random(null, TestConfigs.normal(10, 100, 500, 10));
    DataGeneratorResult result = DataGenerators.create(TestConfigs.config(ApiType.COMPLETION, broken, 1), APPROXIMATE);
    List<String> problems = assertInstanceOf(DataGeneratorResult.Invalid.class, result).problems();
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("data.input_distribution is required"), problems.get(0));
    assertTrue(problems.get(1).contains("data.output_distribution"), problems.get(1));
  }

  @Test
  void zeroOutputMinimumIsRejectedBecauseZeroMeansApiDefault() {
    DataConfig zero = TestConfigs.random(TestConfigs.normal(10, 100, 50, 10), TestConfigs.normal(0, 100, 50, 10));
    DataGeneratorResult result = DataGenerators.create(TestConfigs.config(ApiType.COMPLETION, zero, 1), APPROXIMATE);
    assertTrue(assertInstanceOf(DataGeneratorResult.Invalid.class, result).problems().get(0)
        .startsWith("data.output_distribution.min (0) must be at least 1"));
  }

  @Test
  void describeNamesDistributionsAndTokenizer() {
    String description = generator(TestConfigs.config(ApiType.COMPLETION, RANDOM, 1), APPROXIMATE).describe();
    assertEquals("random (input normal mean 200 std 80 in [20, 400], output normal mean 100 std 50 in [5, 300], "
        + "tokenizer approximate (no tokenizer configured), random vocabulary tokens with fix-up)", description);
  }
}
