package io.inferenceperf.servermetrics;

/**
 * When a stage actually ran, in wall-clock epoch milliseconds (Prometheus stores samples in wall time). The caller
 * should derive both ends from one wall-clock reading at run start plus monotonic offsets, so a clock step during
 * the run does not distort the windows.
 */
public record StageWindow(int stageId, long startEpochMillis, long endEpochMillis) {
  public StageWindow {
    if (endEpochMillis < startEpochMillis) {
      throw new IllegalArgumentException("stage " + stageId + " ends before it starts");
    }
  }
}
