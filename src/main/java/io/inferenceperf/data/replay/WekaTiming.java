package io.inferenceperf.data.replay;

import io.inferenceperf.config.WekaReplayConfig;
import java.util.List;

/**
 * The idle time before each replayed call, after the calls it waits for have finished. By default the recorded one:
 * its start minus the latest recorded end (start + api_time) of those calls; with use_think_time_only the recorded
 * think_time (the client's delay after the same conversation's previous call) less the part of it that other awaited
 * calls (subagents) already took; with ignore_trace_delays none. Then capped by trace_idle_gap_cap_seconds (when
 * above 0) and max_wait_ms, so that a trace's hours-long pauses replay in seconds. Pure.
 */
final class WekaTiming {

  private final boolean ignoreDelays;
  private final boolean thinkTimeOnly;
  private final double capSeconds;

  WekaTiming(WekaReplayConfig config) {
    this.ignoreDelays = config.ignoreTraceDelays();
    this.thinkTimeOnly = config.useThinkTimeOnly();
    double idleCap = config.idleGapCapSeconds() > 0 ? config.idleGapCapSeconds() : Double.POSITIVE_INFINITY;
    this.capSeconds = Math.min(idleCap, config.maxWaitMs() / 1000.0);
  }

  /**
   * A call as timed in the trace.
   *
   * @param startSeconds recorded start, from the conversation's start
   * @param endSeconds recorded end
   * @param thinkSeconds recorded think_time, or -1
   * @param predecessors indices of the calls it waits for
   * @param chainPrevious index of the same conversation's previous call (or the spawning call), or -1
   */
  record Timed(double startSeconds, double endSeconds, double thinkSeconds, List<Integer> predecessors,
      int chainPrevious) {}

  /** The idle time before call {@code index} of {@code calls}, in nanoseconds. */
  long waitNanos(List<Timed> calls, int index, double sessionStartSeconds) {
    if (ignoreDelays) return 0;
    Timed call = calls.get(index);
    double latestEnd = call.predecessors().isEmpty() ? sessionStartSeconds
        : call.predecessors().stream().mapToDouble(p -> calls.get(p).endSeconds()).max().orElseThrow();
    double seconds = call.startSeconds() - latestEnd;
    if (thinkTimeOnly && call.thinkSeconds() >= 0) {
      double chainEnd = call.chainPrevious() < 0 ? latestEnd : calls.get(call.chainPrevious()).endSeconds();
      seconds = call.thinkSeconds() - Math.max(0, latestEnd - chainEnd);
    }
    double capped = Math.min(Math.max(0, seconds), capSeconds);
    return Math.round(capped * 1e9);
  }
}
