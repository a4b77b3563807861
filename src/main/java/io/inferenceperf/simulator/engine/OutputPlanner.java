package io.inferenceperf.simulator.engine;

import java.util.SplittableRandom;

/**
 * Decides output lengths. ignore_eos gives exactly the token limit; otherwise the length is drawn from a normal
 * distribution (output_len_mean, output_len_stddev) with its own seeded generator, at least 2 so that some text
 * precedes the end-of-sequence token, and capped by the limit (reaching it means finish reason "length").
 * Confined to one engine thread.
 */
public final class OutputPlanner {
  private final SplittableRandom random;
  private final double mean;
  private final double stddev;
  private final int reasoningTokens;

  public OutputPlanner(long seed, double mean, double stddev, int reasoningTokens) {
    this.random = new SplittableRandom(seed);
    this.mean = mean;
    this.stddev = stddev;
    this.reasoningTokens = reasoningTokens;
  }

  /**
   * @param limit the token limit (max_tokens, or what the context leaves), at least 1
   * @param minTokens min_tokens from the request (0 if absent)
   * @param ignoreEos whether the request set ignore_eos
   * @param chat whether reasoning tokens apply
   */
  public OutputPlan plan(int limit, int minTokens, boolean ignoreEos, boolean chat) {
    double draw = mean + stddev * random.nextGaussian(); // drawn even when unused, to keep the sequence stable
    int reasoning = chat ? Math.min(reasoningTokens, limit) : 0;
    if (ignoreEos) {
      return new OutputPlan(limit, "length", reasoning);
    }
    long wanted = Math.max(Math.max(2, minTokens), Math.round(draw));
    if (wanted >= limit) {
      return new OutputPlan(limit, "length", reasoning);
    }
    return new OutputPlan((int) wanted, "stop", Math.min(reasoning, (int) wanted - 1));
  }
}
