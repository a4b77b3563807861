package io.inferenceperf.simulator.options;

/**
 * How the simulated server spends time.
 *
 * @param mode FIXED: every request gets exactly ttftMs then itlMs per token; BATCHING: a continuous-batching engine
 * @param ttftMs fixed mode: arrival to first token
 * @param itlMs fixed mode: between tokens
 * @param prefillMsPerToken batching: step cost per uncached prompt token scheduled in the step
 * @param decodeStepMs batching: fixed cost of one step
 * @param decodeMsPerSeq batching: step cost per sequence in the batch
 * @param maxNumSeqs batching: most sequences running at once
 * @param maxNumBatchedTokens batching: tokens one step may process (decode tokens plus prefill chunks)
 * @param kvCacheTokens batching: KV-cache capacity in tokens
 * @param prefixCaching whether shared prompt prefixes are cached (both modes report cached tokens)
 * @param prefixBlockTokens prefix-cache block size in tokens
 * @param prefixCacheTokens prefix-cache capacity in tokens
 */
public record EngineOptions(
    Mode mode,
    double ttftMs,
    double itlMs,
    double prefillMsPerToken,
    double decodeStepMs,
    double decodeMsPerSeq,
    int maxNumSeqs,
    int maxNumBatchedTokens,
    long kvCacheTokens,
    boolean prefixCaching,
    int prefixBlockTokens,
    long prefixCacheTokens) {

  public enum Mode {
    FIXED,
    BATCHING
  }
}
