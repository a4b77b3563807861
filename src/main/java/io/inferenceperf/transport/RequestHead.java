package io.inferenceperf.transport;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The bytes of a request head up to and including "Content-Length: ", for one (path, headers) pair. Requests of a
 * run share both, so the encoding is built once and cached by identity ({@link #matches}); writing a request then
 * copies the prefix, the length digits and the body straight into the transport's write buffer.
 */
final class RequestHead {
  private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

  private final String path;
  private final Map<String, String> headers;
  private final byte[] prefix;

  RequestHead(ServerAddress address, String path, Map<String, String> headers) {
    this.path = path;
    this.headers = headers;
    this.prefix = encodePrefix(address, path, headers);
  }

  boolean matches(String otherPath, Map<String, String> otherHeaders) {
    return path == otherPath && headers == otherHeaders;
  }

  /** Size of the whole request: head and body. */
  int size(int bodyLength) {
    return prefix.length + 10 + HEAD_END.length + bodyLength;
  }

  /** Writes the head for a body of {@code bodyLength} bytes, then the body. */
  void writeRequest(ByteBuf out, byte[] body) {
    out.writeBytes(prefix);
    writeDecimal(out, body.length);
    out.writeBytes(HEAD_END);
    out.writeBytes(body);
  }

  /** Exact size of the whole request, head and body. */
  int exactSize(int bodyLength) {
    return prefix.length + decimalDigits(bodyLength) + HEAD_END.length + bodyLength;
  }

  /**
   * Writes the whole request, head and body, to the start of {@code out} (at least {@link #exactSize} bytes): the
   * request goes from the caller's body array to the socket's native buffer without another copy on the heap.
   */
  void writeRequest(MemorySegment out, byte[] body) {
    MemorySegment.copy(prefix, 0, out, JAVA_BYTE, 0, prefix.length);
    int digits = decimalDigits(body.length);
    long at = prefix.length + digits;
    for (int value = body.length, i = 1; i <= digits; i++, value /= 10) {
      out.set(JAVA_BYTE, at - i, (byte) ('0' + value % 10));
    }
    MemorySegment.copy(HEAD_END, 0, out, JAVA_BYTE, at, HEAD_END.length);
    MemorySegment.copy(body, 0, out, JAVA_BYTE, at + HEAD_END.length, body.length);
  }

  private static int decimalDigits(int value) {
    int digits = 1;
    for (int rest = value / 10; rest > 0; rest /= 10) digits++;
    return digits;
  }

  private static void writeDecimal(ByteBuf out, int value) {
    if (value >= 10) {
      writeDecimal(out, value / 10);
    }
    out.writeByte('0' + value % 10);
  }

  private static byte[] encodePrefix(ServerAddress address, String path, Map<String, String> headers) {
    StringBuilder head = new StringBuilder(256);
    head.append("POST ").append(address.pathPrefix()).append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(address.hostHeader()).append("\r\n");
    boolean userAgent = false;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("host")) {
        continue; // framing and routing are the transport's
      }
      userAgent |= name.equalsIgnoreCase("user-agent");
      head.append(name).append(": ").append(header.getValue()).append("\r\n");
    }
    if (!userAgent) {
      head.append("User-Agent: inference-perf-java\r\n");
    }
    head.append("Content-Length: ");
    return head.toString().getBytes(StandardCharsets.UTF_8);
  }
}
