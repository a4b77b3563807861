package io.inferenceperf.transport;

/**
 * The whole byte path of one connection, without sockets: HTTP/1.1 response parsing, SSE framing when the response
 * is an event stream, and hand-over of status, body bytes and event payloads to the exchange's
 * {@link ExchangeListener}. The Netty handler feeds it each inbound buffer with that buffer's arrival time; the
 * benchmarks feed it recorded bytes. Reused across the responses of a connection; not thread-safe.
 */
public final class ResponseReader implements HttpResponseParser.Handler, SseFramer.Listener {

  private final HttpResponseParser parser = new HttpResponseParser(this);
  private final SseFramer framer = new SseFramer(this);
  private ExchangeListener listener;
  private boolean eventStream;
  private boolean started;
  private long arrivalNanos;
  /** The arrival time of the first event completed by the current feed, when it differs from the rest's; or -1. */
  private long firstEventNanos = -1;

  /** Prepares for the response to the request {@code next} describes. */
  public void start(ExchangeListener next) {
    listener = next;
    parser.capture(next.wantedResponseHeader());
    parser.reset();
    framer.reset();
    eventStream = false;
    started = false;
  }

  /**
   * Consumes bytes that arrived at {@code nanos}. When this completes the response, the listener has been told
   * ({@link ExchangeListener#onEnd}) with that arrival time.
   *
   * @return the bytes consumed: fewer than {@code length} only once the response is complete or malformed
   */
  public int feed(byte[] bytes, int offset, int length, long nanos) {
    return feed(bytes, offset, length, nanos, -1);
  }

  /**
   * As {@link #feed(byte[], int, int, long)}, for bytes that came in two or more TCP segments at different times:
   * the first event these bytes complete arrived at {@code firstEventNanos}, the others (and the response's end) at
   * {@code nanos}, the arrival of the last segment.
   */
  public int feed(byte[] bytes, int offset, int length, long nanos, long firstEventNanos) {
    this.firstEventNanos = firstEventNanos;
    arrivalNanos = nanos;
    started = true;
    int consumed = parser.feed(bytes, offset, length);
    if (parser.complete() && !framer.overflowed()) {
      listener.onEnd(nanos);
    }
    return consumed;
  }

  /** Whether the response is complete (then the listener has its end). */
  public boolean complete() {
    return parser.complete();
  }

  /**
   * Whether the bytes were not a well-formed HTTP/1.1 response, or carried an SSE event too large to keep; see
   * {@link #error()}. Either way the response is over and the connection must not be reused.
   */
  public boolean failed() {
    return parser.failed() || framer.overflowed();
  }

  public String error() {
    if (framer.overflowed()) {
      return "an SSE line or event longer than " + SseFramer.MAX_EVENT_BYTES / (1024 * 1024)
          + " MiB; the rest of the response was dropped";
    }
    return parser.error();
  }

  /** Whether the connection may carry the next request once this response is complete. */
  public boolean keepAlive() {
    return parser.keepAlive();
  }

  /** Whether any byte of the response arrived. */
  public boolean started() {
    return started;
  }

  /** See {@link HttpResponseParser#bytesToChunkEnd()}. */
  long bytesToChunkEnd() {
    return parser.bytesToChunkEnd();
  }

  /** See {@link HttpResponseParser#inChunkedBody()}. */
  boolean inChunkedBody() {
    return parser.inChunkedBody();
  }

  public long bodyBytes() {
    return parser.bodyBytes();
  }

  /**
   * The connection closed at {@code nanos}. Returns true when that ended the response normally (a body framed by
   * close; the listener has been told), false when the response was cut.
   */
  public boolean onConnectionClosed(long nanos) {
    boolean wasComplete = parser.complete();
    boolean endsHere = parser.onConnectionClosed();
    if (endsHere && !wasComplete && !framer.overflowed()) {
      listener.onEnd(nanos);
    }
    return endsHere;
  }

  @Override
  public void onHead(int status, boolean isEventStream) {
    String captured = parser.capturedValue();
    if (captured != null) {
      listener.onResponseHeader(captured);
    }
    listener.onHead(status, isEventStream, arrivalNanos);
    eventStream = listener.wantsEvents();
  }

  @Override
  public void onBody(byte[] bytes, int offset, int length) {
    if (framer.overflowed()) return; // the response has failed; the transport drops the connection
    listener.onBody(bytes, offset, length);
    if (eventStream) {
      framer.feed(bytes, offset, length, arrivalNanos);
    }
  }

  @Override
  public void onEvent(boolean errorEvent, byte[] data, int length, long nanos) {
    long at = firstEventNanos >= 0 ? firstEventNanos : nanos;
    firstEventNanos = -1;
    listener.onEvent(errorEvent, data, length, at);
  }
}
