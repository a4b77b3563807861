package io.inferenceperf.record;

/**
 * Everything measured about one request: the single immutable value that flows from the engine to the metrics,
 * the per-request file and the reports. All times are readings of the injected monotonic clock
 * ({@link io.inferenceperf.time.NanoClock}), in nanoseconds; -1 means "did not happen".
 *
 * <p>Timing contract: {@code sentNanos} is read just before the request bytes are written; every chunk time is
 * read on the I/O thread when the bytes carrying that SSE event arrived, before any parsing.
 *
 * @param seq the request's index in the run (0-based, unique across stages)
 * @param stageId the stage the request belongs to (0-based)
 * @param intendedStartNanos when the schedule wanted the request sent (the open-loop anchor)
 * @param sentNanos when the request was actually handed to the socket (inference-perf's start_time)
 * @param endNanos when the response ended (last byte, failure, or cut-off)
 * @param chunkNanos arrival time of each SSE event that carried generated tokens (reasoning or content), in order;
 *     empty for non-streaming responses
 * @param chunkTokens tokens carried by each entry of {@code chunkNanos} (same length); 1 per chunk when no
 *     tokenizer counted them
 * @param firstContentNanos arrival of the first chunk with content (not reasoning) text, or -1
 * @param promptTokens input tokens: the server's usage.prompt_tokens when reported, else the client's count
 * @param promptTokensFromServer whether promptTokens came from the server
 * @param clientOutputTokens output tokens counted by the client from the generated text
 * @param serverOutputTokens usage.completion_tokens from the server, or -1 when absent
 * @param cachedPromptTokens usage.prompt_tokens_details.cached_tokens, or -1 when absent
 * @param requestBytes size of the request body in bytes
 * @param httpStatus the response status, or 0 when none was received
 * @param failure null on success
 * @param model the model (or LoRA adapter) named in the request
 * @param requestBody the raw JSON request, kept only when per-request output is on, else null
 * @param responseBody the raw response (body or SSE text), kept only when per-request output is on, else null
 * @param timestampSources which times came from the kernel: {@link #KERNEL_SEND} and {@link #KERNEL_ARRIVALS}
 *     bits; 0 when every time is a user-space clock reading
 * @param readLatenessNanos with kernel arrival times: the longest any of the response's reads waited in the socket
 *     before the client read it (the client's own lateness, in no measured time); -1 when unknown
 * @param arrivalUncertaintyNanos with kernel arrival times: how far the time of any token event may be from its true
 *     arrival (0 when every event kept its own segment's stamp; when several came in one read or in segments the
 *     kernel merged, the earlier ones are known only to lie within this window before their stamp); -1 when unknown
 * @param media the media the request carried ({@link MediaStats#NONE} for text only)
 */
public record RequestRecord(
    long seq,
    int stageId,
    long intendedStartNanos,
    long sentNanos,
    long endNanos,
    long[] chunkNanos,
    int[] chunkTokens,
    long firstContentNanos,
    int promptTokens,
    boolean promptTokensFromServer,
    int clientOutputTokens,
    int serverOutputTokens,
    int cachedPromptTokens,
    int requestBytes,
    int httpStatus,
    Failure failure,
    String model,
    String requestBody,
    String responseBody,
    int timestampSources,
    long readLatenessNanos,
    long arrivalUncertaintyNanos,
    MediaStats media) {

  /** A record without media (text-only request). */
  public RequestRecord(long seq, int stageId, long intendedStartNanos, long sentNanos, long endNanos, long[] chunkNanos,
      int[] chunkTokens, long firstContentNanos, int promptTokens, boolean promptTokensFromServer,
      int clientOutputTokens, int serverOutputTokens, int cachedPromptTokens, int requestBytes, int httpStatus,
      Failure failure, String model, String requestBody, String responseBody, int timestampSources,
      long readLatenessNanos, long arrivalUncertaintyNanos) {
    this(seq, stageId, intendedStartNanos, sentNanos, endNanos, chunkNanos, chunkTokens, firstContentNanos,
        promptTokens, promptTokensFromServer, clientOutputTokens, serverOutputTokens, cachedPromptTokens,
        requestBytes, httpStatus, failure, model, requestBody, responseBody, timestampSources, readLatenessNanos,
        arrivalUncertaintyNanos, MediaStats.NONE);
  }

  /** {@link #timestampSources} bit: the send time is the kernel's transmit timestamp. */
  public static final int KERNEL_SEND = 1;
  /** {@link #timestampSources} bit: every read of the response was stamped by the kernel on arrival. */
  public static final int KERNEL_ARRIVALS = 2;

  /** A record without an arrival uncertainty (user-space times, or times that need none). */
  public RequestRecord(long seq, int stageId, long intendedStartNanos, long sentNanos, long endNanos, long[] chunkNanos,
      int[] chunkTokens, long firstContentNanos, int promptTokens, boolean promptTokensFromServer,
      int clientOutputTokens, int serverOutputTokens, int cachedPromptTokens, int requestBytes, int httpStatus,
      Failure failure, String model, String requestBody, String responseBody, int timestampSources,
      long readLatenessNanos) {
    this(seq, stageId, intendedStartNanos, sentNanos, endNanos, chunkNanos, chunkTokens, firstContentNanos,
        promptTokens, promptTokensFromServer, clientOutputTokens, serverOutputTokens, cachedPromptTokens,
        requestBytes, httpStatus, failure, model, requestBody, responseBody, timestampSources, readLatenessNanos, -1);
  }

  /**
   * A planned request that never left: no send time, ended at {@code endNanos} (when it was given up) with
   * {@code failure}, nothing measured.
   */
  public static RequestRecord notSent(long seq, int stageId, long intendedStartNanos, long endNanos, Failure failure) {
    return new RequestRecord(seq, stageId, intendedStartNanos, -1, endNanos, new long[0], new int[0], -1, -1, false,
        -1, -1, -1, 0, 0, failure, null, null, null, 0, -1, -1);
  }

  public boolean success() {
    return failure == null;
  }

  /** This record with {@code failure} (e.g. a response the client rejects after it arrived whole). */
  public RequestRecord withFailure(Failure failure) {
    return new RequestRecord(seq, stageId, intendedStartNanos, sentNanos, endNanos, chunkNanos, chunkTokens,
        firstContentNanos, promptTokens, promptTokensFromServer, clientOutputTokens, serverOutputTokens,
        cachedPromptTokens, requestBytes, httpStatus, failure, model, requestBody, responseBody, timestampSources,
        readLatenessNanos, arrivalUncertaintyNanos, media);
  }

  /** schedule_delay: how late the request left compared with its intended send time. */
  public long scheduleDelayNanos() {
    return sentNanos - intendedStartNanos;
  }

  /** request_latency as inference-perf defines it: from the actual send to the end. */
  public long latencyNanos() {
    return endNanos - sentNanos;
  }

  /** Latency measured from the intended send time: includes any delay the client added (no coordinated omission). */
  public long latencyFromIntendedNanos() {
    return endNanos - intendedStartNanos;
  }

  /** Time to the first generated token of any kind, or -1 when no token chunk arrived. */
  public long ttftNanos() {
    return chunkNanos.length == 0 ? -1 : chunkNanos[0] - sentNanos;
  }

  /** Time to the first content (non-reasoning) token, or -1. */
  public long ttfcNanos() {
    return firstContentNanos < 0 ? -1 : firstContentNanos - sentNanos;
  }

  /** Output tokens from the server's usage when reported, else the client's count. */
  public int outputTokens() {
    return serverOutputTokens >= 0 ? serverOutputTokens : clientOutputTokens;
  }
}
