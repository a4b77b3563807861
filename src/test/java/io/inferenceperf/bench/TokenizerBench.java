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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Token counting and prompt preparation speed. Run: {@code scripts/jmh.sh TokenizerBench -f 1}. Needs the real
 * tokenizer files (scripts/test-deps.sh).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class TokenizerBench {

  /** A streamed output chunk's worth, and a 1,000-token English paragraph. */
  static final String SHORT = "Sure! Here is a short answer to your question.";
  static final String LONG = ("The quick brown fox jumps over the lazy dog while the benchmark measures how fast "
      + "tokens can be counted, 2024-11-28; numbers like 3.14159 and names like O'Neill appear too. ").repeat(26);

  @Param({"llama3", "approximate"})
  public String tokenizerName;

  private Tokenizer tokenizer;
  private DataGenerator randomPrompts;
  private long index;

  @Setup(Level.Trial)
  public void setUp() {
    tokenizer = tokenizerName.equals("approximate") ? ApproximateTokenizer.instance()
        : RealTokenizers.load(tokenizerName);
    Distribution fixed1000 = new Distribution(1000, 1000, 1000, 0, null, Distribution.Type.FIXED, null, 0);
    DataConfig data = new DataConfig(DataType.RANDOM, null, null, fixed1000, fixed1000, false);
    LoadConfig load = new LoadConfig(LoadConfig.LoadType.CONSTANT, 0, List.of(LoadStage.rate(1, 1)), 1, 0, 0, null,
        42, 1, 1, 1, 1, "auto");
    Config config = new Config(new ApiConfig(ApiType.COMPLETION, false, Map.of()), data, load, null, null, null,
        null, null, List.of(), null);
    randomPrompts = ((DataGeneratorResult.Ready) DataGenerators.create(config, tokenizer)).generator();
  }

  @Benchmark
  public int countShortText() {
    return tokenizer.countTokens(SHORT, false);
  }

  @Benchmark
  public int countThousandTokenText() {
    return tokenizer.countTokens(LONG, false);
  }

  @Benchmark
  public int randomPromptOfThousandTokens() {
    return randomPrompts.prompt(0, index++).text().length();
  }
}
