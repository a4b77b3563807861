package io.inferenceperf.servermetrics;

/** The whole run (first stage start to last stage end), in wall-clock epoch milliseconds. */
public record TimeWindow(long startEpochMillis, long endEpochMillis) {
  public TimeWindow {
    if (endEpochMillis < startEpochMillis) {
      throw new IllegalArgumentException("run window ends before it starts");
    }
  }
}
