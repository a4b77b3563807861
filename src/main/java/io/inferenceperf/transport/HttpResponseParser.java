package io.inferenceperf.transport;

import java.util.Arrays;

/**
 * A minimal HTTP/1.1 response parser on raw bytes, for exactly what this client needs: the status, the few headers
 * that decide framing (Content-Length, Transfer-Encoding: chunked, Connection, Content-Type) and the de-chunked
 * body, handed over slice by slice with no copy. Skips 1xx interim responses; bodies end by length, by the chunked
 * terminator, or (with neither) when the connection closes. Not thread-safe; one per connection, {@link #reset()}
 * before each response.
 *
 * <p>Hand-written rather than Netty's HttpClientCodec so that body bytes reach the SSE framer without per-chunk
 * message objects, and so the arrival timestamp of the read that carried them is trivially the right one.
 */
final class HttpResponseParser {

  /** Receives the parts of one response, in order: head once, body slices, then the parser reports complete. */
  interface Handler {
    void onHead(int status, boolean eventStream);

    /** A slice of the de-chunked body; the array is the caller's input and is only valid during the call. */
    void onBody(byte[] bytes, int offset, int length);
  }

  private enum State {
    STATUS_LINE,
    HEADERS,
    BODY_BY_LENGTH,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    BODY_UNTIL_CLOSE,
    COMPLETE,
    FAILED
  }

  private static final int MAX_LINE_BYTES = 64 * 1024;

  private final Handler handler;
  private State state;
  private byte[] line = new byte[512];
  private int lineLength;
  private int status;
  private long contentLength;
  private boolean chunked;
  private boolean keepAlive;
  private boolean eventStream;
  private long remaining;
  private long bodyBytes;
  private String error;
  /** A response header whose value the handler wants (lower case), or null; and that value once seen. */
  private String capturedName;
  private String capturedValue;

  HttpResponseParser(Handler handler) {
    this.handler = handler;
    reset();
  }

  /** Keeps the value of response header {@code name} (any case) for {@link #capturedValue()}; null keeps none. */
  void capture(String name) {
    capturedName = name == null ? null : name.toLowerCase(java.util.Locale.ROOT);
  }

  /** The value of the header named in {@link #capture}, or null when the response had none. */
  String capturedValue() {
    return capturedValue;
  }

  void reset() {
    state = State.STATUS_LINE;
    lineLength = 0;
    status = 0;
    bodyBytes = 0;
    error = null;
    resetHeaders();
  }

  /**
   * Bytes from here to the end of the current chunk of a chunked body, its closing CRLF included, while inside the
   * chunk's data; -1 anywhere else (in a size line, the head, a body framed otherwise).
   */
  long bytesToChunkEnd() {
    return state == State.CHUNK_DATA ? remaining + 2 : -1;
  }

  /** Whether the parser is inside a chunked body (a size line, a chunk's data or its closing CRLF). */
  boolean inChunkedBody() {
    return state == State.CHUNK_SIZE || state == State.CHUNK_DATA || state == State.CHUNK_END;
  }

  private void resetHeaders() {
    capturedValue = null;
    contentLength = -1;
    chunked = false;
    keepAlive = true;
    eventStream = false;
  }

  boolean complete() {
    return state == State.COMPLETE;
  }

  boolean failed() {
    return state == State.FAILED;
  }

  String error() {
    return error;
  }

  /** Whether the status line has been parsed. */
  boolean headSeen() {
    return state != State.STATUS_LINE && state != State.HEADERS;
  }

  /** Whether the connection may carry another request after this response. */
  boolean keepAlive() {
    return keepAlive;
  }

  long bodyBytes() {
    return bodyBytes;
  }

  /**
   * The connection closed. Returns true when that ends the body normally (a response framed by connection close);
   * false when the response was cut.
   */
  boolean onConnectionClosed() {
    if (state == State.BODY_UNTIL_CLOSE) {
      state = State.COMPLETE;
      return true;
    }
    return state == State.COMPLETE;
  }

  /**
   * Consumes bytes until the input ends or the response completes or fails.
   *
   * @return how many bytes were consumed; fewer than {@code length} only when the response completed or failed
   */
  int feed(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end && state != State.COMPLETE && state != State.FAILED) {
      i = switch (state) {
        case STATUS_LINE, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> readLine(bytes, i, end);
        case BODY_BY_LENGTH, CHUNK_DATA -> readCounted(bytes, i, end);
        case BODY_UNTIL_CLOSE -> deliver(bytes, i, end - i);
        default -> end;
      };
    }
    return i - offset;
  }

  private int readCounted(byte[] bytes, int start, int end) {
    int take = (int) Math.min(remaining, end - start);
    int next = deliver(bytes, start, take);
    remaining -= take;
    if (remaining == 0) {
      state = state == State.CHUNK_DATA ? State.CHUNK_END : State.COMPLETE;
    }
    return next;
  }

  private int deliver(byte[] bytes, int start, int length) {
    bodyBytes += length;
    handler.onBody(bytes, start, length);
    return start + length;
  }

  private int readLine(byte[] bytes, int start, int end) {
    int eol = start;
    while (eol < end && bytes[eol] != '\n') {
      eol++;
    }
    if (lineLength + (eol - start) > MAX_LINE_BYTES) {
      return fail("a header or chunk-size line longer than " + MAX_LINE_BYTES + " bytes", end);
    }
    if (eol == end) {
      appendToLine(bytes, start, end - start);
      return end;
    }
    if (lineLength == 0) {
      onLine(bytes, start, trimCr(bytes, start, eol - start));
    } else {
      appendToLine(bytes, start, eol - start);
      onLine(line, 0, trimCr(line, 0, lineLength));
      lineLength = 0;
    }
    return eol + 1;
  }

  private void onLine(byte[] b, int start, int length) {
    switch (state) {
      case STATUS_LINE -> parseStatusLine(b, start, length);
      case HEADERS -> {
        if (length == 0) {
          endOfHeaders();
        } else {
          parseHeader(b, start, length);
        }
      }
      case CHUNK_SIZE -> parseChunkSize(b, start, length);
      case CHUNK_END -> {
        if (length != 0) {
          fail("missing CRLF after a chunk", 0);
        } else {
          state = State.CHUNK_SIZE;
        }
      }
      case TRAILERS -> {
        if (length == 0) {
          state = State.COMPLETE;
        }
      }
      default -> throw new IllegalStateException("no line expected in state " + state);
    }
  }

  private void parseStatusLine(byte[] b, int start, int length) {
    if (length == 0) {
      return; // tolerate a stray CRLF between responses
    }
    if (length < 12 || !startsWith(b, start, "HTTP/1.") || b[start + 8] != ' ' || !digits(b, start + 9, 3)) {
      fail("bad status line: " + ascii(b, start, Math.min(length, 80)), 0);
      return;
    }
    status = (b[start + 9] - '0') * 100 + (b[start + 10] - '0') * 10 + (b[start + 11] - '0');
    resetHeaders();
    keepAlive = b[start + 7] != '0'; // HTTP/1.0 closes unless it says keep-alive
    state = State.HEADERS;
  }

  private void parseHeader(byte[] b, int start, int length) {
    int colon = start;
    int end = start + length;
    while (colon < end && b[colon] != ':') {
      colon++;
    }
    if (colon == end) {
      fail("bad header line: " + ascii(b, start, Math.min(length, 80)), 0);
      return;
    }
    int nameLength = colon - start;
    int valueStart = colon + 1;
    while (valueStart < end && (b[valueStart] == ' ' || b[valueStart] == '\t')) {
      valueStart++;
    }
    int valueLength = end - valueStart;
    if (nameIs(b, start, nameLength, "content-length")) {
      contentLength = parseDecimal(b, valueStart, valueLength);
      if (contentLength < 0) {
        fail("bad Content-Length", 0);
      }
    } else if (nameIs(b, start, nameLength, "transfer-encoding")) {
      chunked = contains(b, valueStart, valueLength, "chunked");
    } else if (nameIs(b, start, nameLength, "connection")) {
      if (contains(b, valueStart, valueLength, "close")) {
        keepAlive = false;
      } else if (contains(b, valueStart, valueLength, "keep-alive")) {
        keepAlive = true;
      }
    } else if (nameIs(b, start, nameLength, "content-type")) {
      eventStream = contains(b, valueStart, valueLength, "text/event-stream");
    } else if (capturedName != null && nameIs(b, start, nameLength, capturedName)) {
      capturedValue = ascii(b, valueStart, valueLength).strip();
    }
  }

  private void endOfHeaders() {
    if (status >= 100 && status < 200) {
      state = State.STATUS_LINE; // interim response (100 Continue, 103 Early Hints): the real one follows
      return;
    }
    handler.onHead(status, eventStream);
    if (status == 204 || status == 304) {
      state = State.COMPLETE;
    } else if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (contentLength >= 0) {
      remaining = contentLength;
      state = contentLength == 0 ? State.COMPLETE : State.BODY_BY_LENGTH;
    } else {
      keepAlive = false;
      state = State.BODY_UNTIL_CLOSE;
    }
  }

  private void parseChunkSize(byte[] b, int start, int length) {
    long size = 0;
    int digits = 0;
    for (int i = start, end = start + length; i < end && b[i] != ';' && b[i] != ' ' && b[i] != '\t'; i++) {
      int d = Character.digit(b[i], 16);
      if (d < 0 || ++digits > 15) {
        fail("bad chunk size: " + ascii(b, start, Math.min(length, 40)), 0);
        return;
      }
      size = size * 16 + d;
    }
    if (digits == 0) {
      fail("empty chunk size line", 0);
      return;
    }
    remaining = size;
    state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
  }

  private void appendToLine(byte[] b, int start, int length) {
    if (lineLength + length > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLength + length, line.length * 2));
    }
    System.arraycopy(b, start, line, lineLength, length);
    lineLength += length;
  }

  private int fail(String message, int resumeAt) {
    state = State.FAILED;
    error = message;
    return resumeAt;
  }

  private static int trimCr(byte[] b, int start, int length) {
    return length > 0 && b[start + length - 1] == '\r' ? length - 1 : length;
  }

  private static long parseDecimal(byte[] b, int start, int length) {
    while (length > 0 && (b[start + length - 1] == ' ' || b[start + length - 1] == '\t')) {
      length--;
    }
    if (length == 0 || length > 18) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < start + length; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return -1;
      }
      value = value * 10 + (b[i] - '0');
    }
    return value;
  }

  private static boolean digits(byte[] b, int start, int count) {
    for (int i = start; i < start + count; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] b, int start, String prefix) {
    for (int i = 0; i < prefix.length(); i++) {
      if (b[start + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Case-insensitive ASCII comparison with a lower-case name. */
  private static boolean nameIs(byte[] b, int start, int length, String lowerName) {
    if (length != lowerName.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (lowerAscii(b[start + i]) != lowerName.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Case-insensitive search for a lower-case ASCII token inside a header value. */
  private static boolean contains(byte[] b, int start, int length, String lowerToken) {
    int n = lowerToken.length();
    for (int i = start; i + n <= start + length; i++) {
      if (nameIs(b, i, n, lowerToken)) {
        return true;
      }
    }
    return false;
  }

  private static int lowerAscii(byte c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  private static String ascii(byte[] b, int start, int length) {
    return new String(b, start, length, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
