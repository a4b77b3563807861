package io.inferenceperf.record;

/**
 * Why a request failed, as data. A failed request is a recorded result, never an exception.
 *
 * @param kind the class of failure, used for grouping and for the inference-perf {@code error_type}
 * @param httpStatus the HTTP status when the server answered with one, else 0
 * @param message a human readable message (for HTTP errors, the response body, trimmed)
 */
public record Failure(Kind kind, int httpStatus, String message) {

  /** Failure classes. Each maps to a concise label in the reports. */
  public enum Kind {
    /** The server answered with a non-2xx status. */
    HTTP_STATUS,
    /** Connect, header, idle-stream or total request timeout. */
    TIMEOUT,
    /** The connection could not be made or was refused or reset before a response started. */
    CONNECTION,
    /** The response started but the stream ended before it was complete (no [DONE] or cut mid-body). */
    STREAM_CUT,
    /** The response could not be understood (malformed SSE or JSON, error event inside a 200 stream). */
    PROTOCOL,
    /** Still in flight when the stage ended and its grace period ran out. */
    CUT_AT_STAGE_END,
    /**
     * Planned for the stage but never sent: the client fell behind (late pacer, slow prompt preparation, a full
     * in-flight cap) and the stage's grace period ran out before it could leave.
     */
    NOT_SENT,
    /** Still in flight when the run was interrupted (Ctrl-C, SIGTERM). */
    INTERRUPTED,
    /** Anything else; the message says what. */
    OTHER
  }

  public static Failure of(Kind kind, String message) {
    return new Failure(kind, 0, message);
  }

  public static Failure http(int status, String body) {
    return new Failure(Kind.HTTP_STATUS, status, body);
  }
}
