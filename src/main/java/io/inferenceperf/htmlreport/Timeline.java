package io.inferenceperf.htmlreport;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.results.ResultsHeader;
import io.inferenceperf.results.ResultsListener;
import io.inferenceperf.results.StageStart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A run's results binned per second since its first stage's start (by each request's end), for the report's charts over time:
 * completions, failures, output tokens, and TTFT and chunk-gap (ITL) sums and maxima. Memory grows with the run's
 * length in seconds, not with its requests, so a 1,000,000-request run costs a few arrays. Also keeps the header
 * (for the config used), stage starts and the server's metrics as they pass.
 */
public final class Timeline implements ResultsListener {
  private static final double NANOS_PER_SECOND = 1e9;

  private ResultsHeader header;
  private JsonNode serverMetrics;
  private final List<StageStart> stageStarts = new ArrayList<>();
  private long[] completed = new long[64];
  private long[] failed = new long[64];
  private long[] outputTokens = new long[64];
  private double[] ttftSumNanos = new double[64];
  private long[] ttftCount = new long[64];
  private long[] ttftMaxNanos = new long[64];
  private double[] itlSumNanos = new double[64];
  private long[] itlCount = new long[64];
  private int seconds;
  /** Second 0 is the first stage's start: live records carry the engine clock, replayed ones the file's. */
  private long zeroNanos;

  @Override
  public void header(ResultsHeader header) {
    if (this.header == null) this.header = header;
  }

  @Override
  public void stageStarted(StageStart start) {
    if (stageStarts.isEmpty()) zeroNanos = start.startNanos();
    stageStarts.add(start);
  }

  @Override
  public void serverMetrics(JsonNode reports) {
    serverMetrics = reports;
  }

  @Override
  public void record(RequestRecord record, Map<String, Object> extraInfo) {
    int second = (int) Math.max(0, (record.endNanos() - zeroNanos) / 1_000_000_000L);
    ensure(second + 1);
    if (!record.success()) {
      failed[second]++;
      return;
    }
    completed[second]++;
    outputTokens[second] += Math.max(0, record.outputTokens());
    long ttft = record.ttftNanos();
    if (ttft >= 0) {
      ttftSumNanos[second] += ttft;
      ttftCount[second]++;
      ttftMaxNanos[second] = Math.max(ttftMaxNanos[second], ttft);
    }
    long[] chunks = record.chunkNanos();
    for (int i = 1; i < chunks.length; i++) itlSumNanos[second] += chunks[i] - chunks[i - 1];
    if (chunks.length > 1) itlCount[second] += chunks.length - 1;
  }

  private void ensure(int size) {
    seconds = Math.max(seconds, size);
    if (size <= completed.length) return;
    int grown = Math.max(size, completed.length * 2);
    completed = Arrays.copyOf(completed, grown);
    failed = Arrays.copyOf(failed, grown);
    outputTokens = Arrays.copyOf(outputTokens, grown);
    ttftSumNanos = Arrays.copyOf(ttftSumNanos, grown);
    ttftCount = Arrays.copyOf(ttftCount, grown);
    ttftMaxNanos = Arrays.copyOf(ttftMaxNanos, grown);
    itlSumNanos = Arrays.copyOf(itlSumNanos, grown);
    itlCount = Arrays.copyOf(itlCount, grown);
  }

  public ResultsHeader header() {
    return header;
  }

  public JsonNode serverMetrics() {
    return serverMetrics;
  }

  public List<StageStart> stageStarts() {
    return List.copyOf(stageStarts);
  }

  /**
   * The series to plot, with at most {@code maxPoints} points: consecutive seconds are merged into wider bins when
   * the run is longer (rates stay per second; TTFT and ITL stay means over the bin, the TTFT max its maximum).
   */
  public Series series(int maxPoints) {
    int width = Math.max(1, (seconds + maxPoints - 1) / maxPoints);
    int bins = (seconds + width - 1) / width;
    Series out = new Series(width, new double[bins], new double[bins], new double[bins], new double[bins],
        new double[bins], new double[bins], new double[bins]);
    for (int bin = 0; bin < bins; bin++) {
      long done = 0, fails = 0, tokens = 0, ttftN = 0, itlN = 0, ttftMax = 0;
      double ttftSum = 0, itlSum = 0;
      for (int s = bin * width; s < Math.min(seconds, (bin + 1) * width); s++) {
        done += completed[s];
        fails += failed[s];
        tokens += outputTokens[s];
        ttftSum += ttftSumNanos[s];
        ttftN += ttftCount[s];
        ttftMax = Math.max(ttftMax, ttftMaxNanos[s]);
        itlSum += itlSumNanos[s];
        itlN += itlCount[s];
      }
      out.startSeconds()[bin] = (double) bin * width;
      out.completedPerSecond()[bin] = (double) done / width;
      out.failedPerSecond()[bin] = (double) fails / width;
      out.outputTokensPerSecond()[bin] = (double) tokens / width;
      out.ttftMeanMs()[bin] = ttftN == 0 ? Double.NaN : ttftSum / ttftN / 1e6;
      out.ttftMaxMs()[bin] = ttftN == 0 ? Double.NaN : ttftMax / 1e6;
      out.itlMeanMs()[bin] = itlN == 0 ? Double.NaN : itlSum / itlN / 1e6;
    }
    return out;
  }

  /** Per-bin values; NaN where a bin had no value (no streamed success ended in it). */
  public record Series(int binSeconds, double[] startSeconds, double[] completedPerSecond, double[] failedPerSecond,
      double[] outputTokensPerSecond, double[] ttftMeanMs, double[] ttftMaxMs, double[] itlMeanMs) {}

  static double seconds(long nanos) {
    return nanos / NANOS_PER_SECOND;
  }
}
