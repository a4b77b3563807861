package io.inferenceperf.metrics;

import io.inferenceperf.record.RequestRecord;

/**
 * The per-request values behind every report, computed one way for the aggregates and the per-request file alike.
 * Times are nanoseconds; absent values are -1 (long) or NaN (double).
 *
 * @param latencyNanos request_latency: end - sent
 * @param latencyFromIntendedNanos end - intended send time (free of coordinated omission)
 * @param outputTokens N_out: the effective output token count (see {@link #effectiveOutputTokens})
 * @param ntpotNanos normalized time per output token: latency / N_out, 0 when N_out is 0
 * @param ttftNanos first token (reasoning or content) - sent, when at least one token chunk arrived
 * @param ttfcNanos first content (non-reasoning) token - sent
 * @param tpotNanos (last token - first token) / (N_out - 1), when N_out > 1 and there are 2+ token timestamps
 * @param meanItlNanos mean gap between consecutive per-token timestamps (used for goodput)
 */
public record RequestMetrics(
    long latencyNanos,
    long latencyFromIntendedNanos,
    int outputTokens,
    double ntpotNanos,
    long ttftNanos,
    long ttfcNanos,
    double tpotNanos,
    double meanItlNanos) {

  public static RequestMetrics of(RequestRecord record, boolean useServerOutputTokens) {
    return of(record, TokenTimeline.of(record), useServerOutputTokens);
  }

  public static RequestMetrics of(RequestRecord record, TokenTimeline timeline, boolean useServerOutputTokens) {
    long start = startNanos(record);
    long latency = endNanos(record) - start;
    int outputTokens = effectiveOutputTokens(record, useServerOutputTokens);
    double ntpot = outputTokens > 0 ? (double) latency / outputTokens : 0.0;
    long ttft = timeline.tokens() > 0 ? timeline.firstNanos() - start : -1;
    long span = timeline.lastNanos() - timeline.firstNanos();
    double tpot = timeline.tokens() > 1 && outputTokens > 1 ? (double) span / (outputTokens - 1) : Double.NaN;
    double meanItl = timeline.tokens() > 1 ? (double) span / (timeline.tokens() - 1) : Double.NaN;
    return new RequestMetrics(
        latency, endNanos(record) - record.intendedStartNanos(), outputTokens, ntpot, ttft, record.ttfcNanos(), tpot,
        meanItl);
  }

  /** Whether the request's bytes were written at all (a connect failure or a cut while queued has no send time). */
  public static boolean wasSent(RequestRecord record) {
    return record.sentNanos() >= 0;
  }

  /**
   * inference-perf's start_time: the send time, or for a request that was never sent the time it was due, so that a
   * failure before sending measures from when it should have left rather than from a "did not happen" marker.
   */
  public static long startNanos(RequestRecord record) {
    return wasSent(record) ? record.sentNanos() : record.intendedStartNanos();
  }

  /** The end time, never before the start (a record without an end ends where it starts). */
  public static long endNanos(RequestRecord record) {
    return Math.max(record.endNanos(), startNanos(record));
  }

  /**
   * N_out as inference-perf defines it: the client's count, or the server's usage.completion_tokens when {@code
   * report.request_lifecycle.use_server_output_tokens} is on and the server reported a positive count.
   */
  public static int effectiveOutputTokens(RequestRecord record, boolean useServerOutputTokens) {
    if (useServerOutputTokens && record.serverOutputTokens() > 0) {
      return record.serverOutputTokens();
    }
    return Math.max(record.clientOutputTokens(), 0);
  }

  public boolean hasTtft() {
    return ttftNanos >= 0;
  }

  public boolean hasTpot() {
    return !Double.isNaN(tpotNanos);
  }
}
