package io.inferenceperf.config;

/**
 * One entry of {@code load.stages}. Rate stages (constant, poisson) set rate and duration; concurrent stages set
 * numRequests and concurrencyLevel. Unused fields are null.
 *
 * @param rate requests per second
 * @param durationSeconds stage length in seconds
 */
public record LoadStage(Double rate, Double durationSeconds, Integer numRequests, Integer concurrencyLevel) {

  public static LoadStage rate(double rate, double durationSeconds) {
    return new LoadStage(rate, durationSeconds, null, null);
  }

  public static LoadStage concurrent(int numRequests, int concurrencyLevel) {
    return new LoadStage(null, null, numRequests, concurrencyLevel);
  }
}
