package io.inferenceperf.simulator.metrics;

import java.util.List;

/**
 * What the server actually did for one request, with its own monotonic timestamps ({@link System#nanoTime()},
 * comparable with a client in the same JVM).
 *
 * @param requestId the response id without its prefix (the X-Request-Id header when the client sent one)
 * @param route the path, e.g. /v1/completions
 * @param streaming whether the response was SSE
 * @param status the HTTP status sent
 * @param outcome completed, cut (fault), aborted (client went away), error (4xx/5xx) or malformed (fault)
 * @param arrivalNanos when the request head was read
 * @param admittedNanos when the engine first scheduled it (-1: never)
 * @param firstTokenNanos when the first token (reasoning or content) was written (-1: none); for non-streaming
 *     responses, when it was generated
 * @param firstContentNanos when the first content token was written (-1: none)
 * @param endNanos when the last byte of the response was written (or the connection closed)
 * @param tokenWriteNanos write time of each text-carrying token in order (tokens sharing an SSE event share a time);
 *     for non-streaming responses, when each token was generated. At most 8192 entries.
 * @param promptTokens prompt tokens as counted by the simulator
 * @param cachedTokens prompt tokens served from the prefix cache
 * @param completionTokens tokens generated (usage.completion_tokens)
 * @param finishReason stop, length, or null when not finished
 * @param faults faults injected into this request (empty for none)
 * @param media the media content parts the request carried
 */
public record RequestTruth(
    String requestId,
    String route,
    boolean streaming,
    int status,
    String outcome,
    long arrivalNanos,
    long admittedNanos,
    long firstTokenNanos,
    long firstContentNanos,
    long endNanos,
    long[] tokenWriteNanos,
    int promptTokens,
    int cachedTokens,
    int completionTokens,
    String finishReason,
    List<String> faults,
    MediaParts media) {

  public static final int MAX_TOKEN_TIMES = 8192;

  /** A request without media parts. */
  public RequestTruth(String requestId, String route, boolean streaming, int status, String outcome,
      long arrivalNanos, long admittedNanos, long firstTokenNanos, long firstContentNanos, long endNanos,
      long[] tokenWriteNanos, int promptTokens, int cachedTokens, int completionTokens, String finishReason,
      List<String> faults) {
    this(requestId, route, streaming, status, outcome, arrivalNanos, admittedNanos, firstTokenNanos,
        firstContentNanos, endNanos, tokenWriteNanos, promptTokens, cachedTokens, completionTokens, finishReason,
        faults, MediaParts.NONE);
  }

  public long ttftNanos() {
    return firstTokenNanos < 0 ? -1 : firstTokenNanos - arrivalNanos;
  }

  public long queueNanos() {
    return admittedNanos < 0 ? -1 : admittedNanos - arrivalNanos;
  }

  public long e2eNanos() {
    return endNanos - arrivalNanos;
  }
}
