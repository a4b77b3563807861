package io.inferenceperf.data;

import io.inferenceperf.data.Seeds.Purpose;
import java.util.List;

/** Input and output token lengths per request index: sampled from distributions or read from a trace. */
interface RequestLengths {

  int inputTokens(long index);

  int outputTokens(long index);

  /** The smallest input length this source can produce. */
  int minInputTokens();

  String describe();

  /** Lengths drawn from the distributions with a stream per (seed, index): the same for every stage. */
  static RequestLengths sampled(long seed, LengthSampler input, LengthSampler output) {
    return new RequestLengths() {
      @Override
      public int inputTokens(long index) {
        return input.sample(Seeds.stream(seed, Purpose.INPUT_LENGTH, 0, index));
      }

      @Override
      public int outputTokens(long index) {
        return output.sample(Seeds.stream(seed, Purpose.OUTPUT_LENGTH, 0, index));
      }

      @Override
      public int minInputTokens() {
        return input.distribution().min();
      }

      @Override
      public String describe() {
        return "input " + input.describe() + ", output " + output.describe();
      }
    };
  }

  /** Lengths of trace row {@code index % rows} (ContextTokens, GeneratedTokens). */
  static RequestLengths trace(List<AzureTrace.Row> rows, String file) {
    return new RequestLengths() {
      @Override
      public int inputTokens(long index) {
        return rows.get((int) (index % rows.size())).contextTokens();
      }

      @Override
      public int outputTokens(long index) {
        return rows.get((int) (index % rows.size())).generatedTokens();
      }

      @Override
      public int minInputTokens() {
        return rows.stream().mapToInt(AzureTrace.Row::contextTokens).min().orElse(0);
      }

      @Override
      public String describe() {
        return "lengths from trace " + file + " (" + rows.size() + " rows)";
      }
    };
  }
}
