package io.inferenceperf.bench;

import io.inferenceperf.config.ApiConfig;
import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.Distribution;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.config.LoadStage;
import io.inferenceperf.data.DataGenerator;
import io.inferenceperf.data.DataGeneratorResult;
import io.inferenceperf.data.DataGenerators;
import io.inferenceperf.tokenizer.ApproximateTokenizer;
import io.inferenceperf.tokenizer.RealTokenizers;
import io.inferenceperf.tokenizer.Tokenizer;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * Wall time to prepare N random prompts of 1,000 tokens on all cores, as a run would ahead of time. Run:
 * {@code java -cp target/test-classes:target/classes:$(cat target/test.classpath)
 * io.inferenceperf.bench.PromptPreparationTiming llama3 10000}.
 */
public final class PromptPreparationTiming {

  public static void main(String[] args) {
    String name = args.length > 0 ? args[0] : "llama3";
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Tokenizer tokenizer = name.equals("approximate") ? ApproximateTokenizer.instance() : RealTokenizers.load(name);
    Distribution fixed1000 = new Distribution(1000, 1000, 1000, 0, null, Distribution.Type.FIXED, null, 0);
    LoadConfig load = new LoadConfig(LoadConfig.LoadType.CONSTANT, 0, List.of(LoadStage.rate(1, 1)), 1, 0, 0, null,
        42, 1, 1, 1, 1, "auto");
    Config config = new Config(new ApiConfig(ApiType.COMPLETION, false, Map.of()),
        new DataConfig(DataType.RANDOM, null, null, fixed1000, fixed1000, false), load, null, null, null, null, null,
        List.of(), null);
    long setupStart = System.nanoTime();
    DataGenerator generator = ((DataGeneratorResult.Ready) DataGenerators.create(config, tokenizer)).generator();
    generator.prompt(0, 0);
    long setupNanos = System.nanoTime() - setupStart;
    long start = System.nanoTime();
    long chars = LongStream.range(0, count).parallel().map(i -> generator.prompt(0, i).text().length()).sum();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%s: %d prompts of 1000 tokens in %.1f s on %d cores (%.0f prompts/s, set-up %.1f s, %d chars)%n",
        name, count, seconds, Runtime.getRuntime().availableProcessors(), count / seconds, setupNanos / 1e9, chars);
  }
}
