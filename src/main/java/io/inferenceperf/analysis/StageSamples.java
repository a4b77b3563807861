package io.inferenceperf.analysis;

import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.results.ResultsListener;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-request values of each stage, collected from a results file for the bootstrap: TTFT, request latency, each
 * request's chunk gaps (their sum and count, so pooled ITL can be resampled by request), output tokens, and whether
 * it failed. Times in seconds.
 */
public final class StageSamples implements ResultsListener {

  /** One stage's requests, in arrival order; {@code spanSeconds} is first send to last end (the report's time). */
  public static final class Stage {
    final int stageId;
    int size;
    double[] ttft = new double[256];
    double[] latency = new double[256];
    double[] gapSum = new double[256];
    long[] gapCount = new long[256];
    long[] outputTokens = new long[256];
    boolean[] failed = new boolean[256];
    long firstStartNanos = Long.MAX_VALUE;
    long lastEndNanos = Long.MIN_VALUE;

    Stage(int stageId) {
      this.stageId = stageId;
    }

    void add(RequestRecord record) {
      if (size == ttft.length) grow();
      long start = record.sentNanos() >= 0 ? record.sentNanos() : record.intendedStartNanos();
      firstStartNanos = Math.min(firstStartNanos, start);
      lastEndNanos = Math.max(lastEndNanos, record.endNanos());
      failed[size] = !record.success();
      long ttftNanos = record.success() ? record.ttftNanos() : -1;
      ttft[size] = ttftNanos < 0 ? Double.NaN : ttftNanos / 1e9;
      latency[size] = record.success() ? record.latencyNanos() / 1e9 : Double.NaN;
      long[] chunks = record.chunkNanos();
      if (record.success() && chunks.length > 1) {
        gapSum[size] = (chunks[chunks.length - 1] - chunks[0]) / 1e9;
        gapCount[size] = chunks.length - 1;
      }
      outputTokens[size] = record.success() ? Math.max(0, record.outputTokens()) : 0;
      size++;
    }

    private void grow() {
      int n = size * 2;
      ttft = Arrays.copyOf(ttft, n);
      latency = Arrays.copyOf(latency, n);
      gapSum = Arrays.copyOf(gapSum, n);
      gapCount = Arrays.copyOf(gapCount, n);
      outputTokens = Arrays.copyOf(outputTokens, n);
      failed = Arrays.copyOf(failed, n);
    }

    public int stageId() {
      return stageId;
    }

    public int size() {
      return size;
    }

    double spanSeconds() {
      return size == 0 ? Double.NaN : (lastEndNanos - firstStartNanos) / 1e9;
    }
  }

  private final Map<Integer, Stage> stages = new TreeMap<>();

  @Override
  public void record(RequestRecord record, Map<String, Object> extraInfo) {
    stages.computeIfAbsent(record.stageId(), Stage::new).add(record);
  }

  /** Stages by id, in order. */
  public Map<Integer, Stage> stages() {
    return stages;
  }
}
