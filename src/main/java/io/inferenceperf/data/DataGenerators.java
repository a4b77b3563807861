package io.inferenceperf.data;

import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.Distribution;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link DataGenerator} that {@code data.type} asks for. The entry point of this package. */
public final class DataGenerators {

  private DataGenerators() {}

  /**
   * The generator for {@code config.data()}, seeded with {@code load.base_seed}, counting tokens with
   * {@code tokenizer} (the model's, or {@link io.inferenceperf.tokenizer.ApproximateTokenizer}).
   */
  public static DataGeneratorResult create(Config config, Tokenizer tokenizer) {
    DataConfig data = config.data();
    ApiType apiType = config.api().type();
    return switch (data.type()) {
      case MOCK -> mock(data, apiType, tokenizer);
      case RANDOM -> random(data, apiType, config.load().baseSeed(), tokenizer);
      default -> new DataGeneratorResult.Invalid(
          List.of("data.type: " + data.type().yamlName + " is not supported yet"));
    };
  }

  private static DataGeneratorResult mock(DataConfig data, ApiType apiType, Tokenizer tokenizer) {
    List<String> problems = new ArrayList<>();
    if (data.inputDistribution() != null || data.outputDistribution() != null) {
      problems.add("data.type mock does not use data.input_distribution or data.output_distribution; remove them "
          + "or choose data.type random");
    }
    if (!problems.isEmpty()) {
      return new DataGeneratorResult.Invalid(problems);
    }
    return new DataGeneratorResult.Ready(new MockDataGenerator(apiType, tokenizer));
  }

  private static DataGeneratorResult random(DataConfig data, ApiType apiType, long seed, Tokenizer tokenizer) {
    List<String> problems = new ArrayList<>();
    requireDistribution(data.inputDistribution(), "data.input_distribution", 1, problems);
    requireDistribution(data.outputDistribution(), "data.output_distribution", 1, problems);
    if (tokenizer.ordinaryTokenIds().length == 0) {
      problems.add("data.type random needs a tokenizer that lists its vocabulary; '" + tokenizer.name()
          + "' does not");
    }
    if (!problems.isEmpty()) {
      return new DataGeneratorResult.Invalid(problems);
    }
    ExactLengthText exactText = new ExactLengthText(tokenizer, tokenizer.ordinaryTokenIds(), PromptShape.PLAIN);
    int overhead = exactText.overheadTokens();
    if (data.inputDistribution().min() <= overhead) {
      return new DataGeneratorResult.Invalid(List.of("data.input_distribution.min ("
          + data.inputDistribution().min() + ") must exceed the " + overhead + " tokens an empty prompt counts "
          + "with tokenizer '" + tokenizer.name() + "'"));
    }
    return new DataGeneratorResult.Ready(new RandomDataGenerator(seed, new LengthSampler(data.inputDistribution()),
        new LengthSampler(data.outputDistribution()), exactText, tokenizer, apiType == ApiType.COMPLETION));
  }

  private static void requireDistribution(Distribution distribution, String key, int minimum,
      List<String> problems) {
    if (distribution == null) {
      problems.add(key + " is required for data.type random");
      return;
    }
    problems.addAll(LengthSampler.problems(distribution, key));
    if (distribution.min() < minimum) {
      problems.add(key + ".min (" + distribution.min() + ") must be at least " + minimum);
    }
  }
}
