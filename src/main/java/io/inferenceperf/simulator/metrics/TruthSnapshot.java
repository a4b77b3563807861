package io.inferenceperf.simulator.metrics;

import java.util.Map;

/**
 * Totals and latency percentiles of everything the server did since start or the last reset.
 *
 * @param requests requests received on the completion routes
 * @param completed responses finished normally
 * @param errors answered with a 4xx or 5xx status (injected or not)
 * @param cut responses cut by the cut fault
 * @param aborted responses ended because the client went away
 * @param promptTokens prompt tokens of admitted requests
 * @param generationTokens tokens generated
 * @param cachedTokens prompt tokens served from the prefix cache
 * @param faults injected faults by kind (http_429, http_500, http_503, cut, stall_first, stall_between,
 *     slow_headers, malformed, refuse_window)
 * @param ttft arrival to first token written (streaming only)
 * @param ttftContent arrival to first content token written (streaming only; differs with reasoning tokens)
 * @param itl between consecutive text-carrying token writes (streaming only; 0 inside a multi-token event)
 * @param tpot per request, (end of response - first token) / (tokens - 1), completed requests
 * @param queue arrival to first scheduling by the engine
 * @param e2e arrival to the last byte of completed responses
 * @param media media content parts of the requests received on the chat route, and their decoded bytes
 */
public record TruthSnapshot(
    long requests,
    long completed,
    long errors,
    long cut,
    long aborted,
    long promptTokens,
    long generationTokens,
    long cachedTokens,
    Map<String, Long> faults,
    LatencySummary ttft,
    LatencySummary ttftContent,
    LatencySummary itl,
    LatencySummary tpot,
    LatencySummary queue,
    LatencySummary e2e,
    MediaParts media) {}
