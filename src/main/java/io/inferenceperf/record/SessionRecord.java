package io.inferenceperf.record;

import java.util.List;

/**
 * One replayed session of a session-graph replay (trace_session_replay over recorded agent sessions): when it ran,
 * how its events ended and what its requests used, as inference-perf's session lifecycle metric. Times are readings
 * of the engine's monotonic clock, like a {@link RequestRecord}'s.
 *
 * @param sessionId the session's name in its corpus
 * @param source where it was recorded (its trace file, or dataset and row)
 * @param stageId the stage that replayed it
 * @param startNanos when it was dispatched
 * @param endNanos when its last event ended (or was given up)
 * @param numEvents the events of its graph
 * @param eventsCompleted events whose request succeeded
 * @param eventsFailed events whose request was sent (or due) and failed
 * @param eventsCancelled events never sent because an event they depend on failed, or the stage ended first
 * @param error the first failure among its requests, or null
 * @param inputTokens the prompt tokens of its requests (server usage when reported)
 * @param outputTokens the output tokens of its requests (server usage when reported)
 * @param cachedTokens the server's usage.prompt_tokens_details.cached_tokens summed over its successful requests
 *     that reported it, or -1 when none did
 * @param cacheableInputTokens the prompt tokens of those same requests, or -1 when none reported cached tokens
 */
public record SessionRecord(
    String sessionId,
    String source,
    int stageId,
    long startNanos,
    long endNanos,
    int numEvents,
    int eventsCompleted,
    int eventsFailed,
    int eventsCancelled,
    Failure error,
    long inputTokens,
    long outputTokens,
    long cachedTokens,
    long cacheableInputTokens,
    List<String> recordedSubstitutionEventIds) {

  public SessionRecord {
    recordedSubstitutionEventIds = recordedSubstitutionEventIds == null ? List.of()
        : List.copyOf(recordedSubstitutionEventIds);
  }

  /** As inference-perf: every event completed and no request failed. */
  public boolean success() {
    return eventsCompleted == numEvents && error == null;
  }

  /** The same session with its times moved by {@code shiftNanos} (results of several runs on one timeline). */
  public SessionRecord shifted(long shiftNanos) {
    return new SessionRecord(sessionId, source, stageId, startNanos + shiftNanos, endNanos + shiftNanos, numEvents,
        eventsCompleted, eventsFailed, eventsCancelled, error, inputTokens, outputTokens,
        cachedTokens, cacheableInputTokens, recordedSubstitutionEventIds);
  }
}
