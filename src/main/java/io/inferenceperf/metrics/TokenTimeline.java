package io.inferenceperf.metrics;

import io.inferenceperf.record.RequestRecord;

/**
 * Per-token timestamps of a streamed response, derived from its chunks: a chunk that carried k tokens stands for k
 * tokens that all arrived at the chunk's time (inference-perf's expansion), so the gaps inside a chunk are 0 and the
 * whole wait lands on the first token of the next chunk. Chunks that carried no token are skipped.
 *
 * @param firstNanos arrival of the first token, or -1 when none
 * @param lastNanos arrival of the last token, or -1 when none
 * @param tokens how many per-token timestamps the response has
 */
public record TokenTimeline(long firstNanos, long lastNanos, long tokens) {

  private static final TokenTimeline EMPTY = new TokenTimeline(-1, -1, 0);

  public static TokenTimeline of(RequestRecord record) {
    long[] times = record.chunkNanos();
    if (times == null || times.length == 0) {
      return EMPTY;
    }
    long first = -1;
    long last = -1;
    long tokens = 0;
    for (int i = 0; i < times.length; i++) {
      int k = tokensOf(record, i);
      if (k > 0) {
        if (first < 0) {
          first = times[i];
        }
        last = times[i];
        tokens += k;
      }
    }
    return tokens == 0 ? EMPTY : new TokenTimeline(first, last, tokens);
  }

  /** Records every consecutive gap between per-token timestamps (tokens - 1 values) without expanding them. */
  public static void recordGaps(RequestRecord record, LongDistribution gapsNanos) {
    long[] times = record.chunkNanos();
    if (times == null) {
      return;
    }
    long previous = -1;
    for (int i = 0; i < times.length; i++) {
      int k = tokensOf(record, i);
      if (k <= 0) {
        continue;
      }
      if (previous >= 0) {
        gapsNanos.record(times[i] - previous);
      }
      gapsNanos.recordRepeated(0, k - 1);
      previous = times[i];
    }
  }

  /** The per-token timestamps themselves (for the per-request file). */
  public static long[] expand(RequestRecord record) {
    TokenTimeline timeline = of(record);
    long[] expanded = new long[(int) timeline.tokens];
    long[] times = record.chunkNanos();
    int at = 0;
    for (int i = 0; times != null && i < times.length; i++) {
      int k = tokensOf(record, i);
      for (int j = 0; j < k; j++) {
        expanded[at++] = times[i];
      }
    }
    return expanded;
  }

  /** Tokens carried by chunk i; one per chunk when the record has no (or a mismatched) token count array. */
  static int tokensOf(RequestRecord record, int chunk) {
    int[] counts = record.chunkTokens();
    if (counts == null || counts.length != record.chunkNanos().length) {
      return 1;
    }
    return counts[chunk];
  }
}
