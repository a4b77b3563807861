package io.inferenceperf.transport;

import io.netty.buffer.ByteBuf;
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

  /** The encoded head up to and including "Content-Length: ". */
  byte[] prefix() {
    return prefix;
  }

  /** The blank line that ends a head. */
  static byte[] headEnd() {
    return HEAD_END.clone();
  }

  static int decimalDigits(int value) {
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
