package io.inferenceperf.transport;

import java.util.Arrays;

/**
 * Splits a Server-Sent Events byte stream into events, on raw bytes and without a String per line. Follows the
 * WHATWG framing: lines end with CRLF, LF or CR (also when the CR and LF land in different reads); a blank line
 * dispatches the event; {@code data:} lines are joined with LF; {@code event:} names it; lines starting with
 * {@code :} are comments; {@code id} and {@code retry} are ignored; one space after the colon is dropped. An
 * event without a data line is not dispatched, and an unfinished event at the end of the stream is discarded.
 *
 * <p>Timing: the listener receives the arrival time passed with the {@link #feed} call in which the event's
 * terminating blank line was seen: the moment the whole event was available to the client. Not thread-safe; one
 * instance per connection, {@link #reset()} between responses.
 *
 * <p>Memory: a line or an event's data may grow to {@value #MAX_EVENT_BYTES} bytes (real events are kilobytes); past
 * that the framer stops buffering, drops the rest of the response and says so ({@link #overflowed()}), so a server
 * sending an endless line cannot grow the client's heap. Buffers grown for a large event shrink back on reset.
 */
final class SseFramer {

  /** Receives each complete event. The data array is reused: copy what must outlive the call. */
  interface Listener {
    void onEvent(boolean errorEvent, byte[] data, int length, long arrivalNanos);
  }

  private static final byte[] DATA = {'d', 'a', 't', 'a'};
  private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
  private static final byte[] ERROR = {'e', 'r', 'r', 'o', 'r'};

  /** The longest SSE line or event data kept: far above any real event, far below what hurts the heap. */
  static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;
  private static final int INITIAL_LINE = 256;
  private static final int INITIAL_DATA = 1024;
  /** Buffers above this are dropped on reset, so one large event does not pin memory for the connection's life. */
  private static final int KEPT_CAPACITY = 64 * 1024;

  private final Listener listener;
  private boolean overflowed;
  private byte[] line = new byte[INITIAL_LINE];
  private int lineLength;
  private boolean afterCr;
  private byte[] data = new byte[1024];
  private int dataLength;
  private boolean hasData;
  private boolean errorEvent;

  SseFramer(Listener listener) {
    this.listener = listener;
  }

  void reset() {
    overflowed = false;
    if (line.length > KEPT_CAPACITY) line = new byte[INITIAL_LINE];
    if (data.length > KEPT_CAPACITY) data = new byte[INITIAL_DATA];
    lineLength = 0;
    afterCr = false;
    dataLength = 0;
    hasData = false;
    errorEvent = false;
  }

  /** Consumes {@code bytes[offset, offset+length)} that arrived at {@code arrivalNanos}. */
  void feed(byte[] bytes, int offset, int length, long arrivalNanos) {
    int end = offset + length;
    int i = offset;
    while (i < end && !overflowed) {
      if (afterCr) {
        afterCr = false;
        if (bytes[i] == '\n') {
          i++;
          continue;
        }
      }
      int eol = i;
      while (eol < end && bytes[eol] != '\n' && bytes[eol] != '\r') {
        eol++;
      }
      if (eol == end) {
        appendToLine(bytes, i, end - i);
        return;
      }
      if (lineLength == 0) {
        processLine(bytes, i, eol - i, arrivalNanos);
      } else {
        appendToLine(bytes, i, eol - i);
        processLine(line, 0, lineLength, arrivalNanos);
        lineLength = 0;
      }
      afterCr = bytes[eol] == '\r';
      i = eol + 1;
    }
  }

  private void processLine(byte[] b, int start, int length, long arrivalNanos) {
    if (length == 0) {
      dispatch(arrivalNanos);
      return;
    }
    if (b[start] == ':') {
      return;
    }
    int colon = indexOf(b, start, length, (byte) ':');
    int nameLength = colon < 0 ? length : colon - start;
    int valueStart = colon < 0 ? start + length : colon + 1;
    int end = start + length;
    if (valueStart < end && b[valueStart] == ' ') {
      valueStart++;
    }
    if (nameIs(b, start, nameLength, DATA)) {
      appendData(b, valueStart, end - valueStart);
    } else if (nameIs(b, start, nameLength, EVENT)) {
      errorEvent = nameIs(b, valueStart, end - valueStart, ERROR);
    }
  }

  private void dispatch(long arrivalNanos) {
    if (hasData) {
      listener.onEvent(errorEvent, data, dataLength, arrivalNanos);
    }
    dataLength = 0;
    hasData = false;
    errorEvent = false;
  }

  /** True once a line or an event went past {@link #MAX_EVENT_BYTES}: the response's events are lost. */
  boolean overflowed() {
    return overflowed;
  }

  private void appendData(byte[] b, int start, int length) {
    int needed = dataLength + length + (hasData ? 1 : 0);
    if (needed > MAX_EVENT_BYTES) {
      overflow();
      return;
    }
    if (needed > data.length) {
      data = Arrays.copyOf(data, Math.min(MAX_EVENT_BYTES, Math.max(needed, data.length * 2)));
    }
    if (hasData) {
      data[dataLength++] = '\n';
    }
    System.arraycopy(b, start, data, dataLength, length);
    dataLength += length;
    hasData = true;
  }

  private void overflow() {
    overflowed = true;
    lineLength = 0;
    dataLength = 0;
    hasData = false;
  }

  private void appendToLine(byte[] b, int start, int length) {
    if (lineLength + length > MAX_EVENT_BYTES) {
      overflow();
      return;
    }
    if (lineLength + length > line.length) {
      line = Arrays.copyOf(line, Math.min(MAX_EVENT_BYTES, Math.max(lineLength + length, line.length * 2)));
    }
    System.arraycopy(b, start, line, lineLength, length);
    lineLength += length;
  }

  private static int indexOf(byte[] b, int start, int length, byte wanted) {
    for (int i = start, end = start + length; i < end; i++) {
      if (b[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static boolean nameIs(byte[] b, int start, int length, byte[] name) {
    return length == name.length && Arrays.equals(b, start, start + length, name, 0, name.length);
  }
}
