package io.inferenceperf.data;

import io.inferenceperf.config.Distribution;

/**
 * The input and output lengths random and synthetic data draw for a request index, for end-to-end tests that check
 * what was sent against what was drawn (the sampler itself is tested in {@link LengthSamplerTest}).
 */
public final class TargetLengths {

  private final RequestLengths lengths;

  public TargetLengths(long baseSeed, Distribution input, Distribution output) {
    this.lengths = RequestLengths.sampled(baseSeed, new LengthSampler(input), new LengthSampler(output));
  }

  public int inputTokens(long index) {
    return lengths.inputTokens(index);
  }

  public int outputTokens(long index) {
    return lengths.outputTokens(index);
  }
}
