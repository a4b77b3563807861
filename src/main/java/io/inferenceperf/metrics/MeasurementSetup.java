package io.inferenceperf.metrics;

/**
 * How the run measured tokens, stated in each report's "measurement" block so readers know what the numbers mean.
 *
 * @param tokenizerName the client tokenizer's name ({@code Tokenizer.name()}), or null when none was used
 * @param perTokenTimestamps true when each chunk's tokens were counted, so ITL is per token; false when every chunk
 *     counted as one token, so ITL is per chunk
 */
public record MeasurementSetup(String tokenizerName, boolean perTokenTimestamps) {

  public String itlGranularity() {
    return perTokenTimestamps ? "per_token" : "per_chunk";
  }
}
