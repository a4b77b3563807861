package io.inferenceperf.transport;

import java.nio.charset.StandardCharsets;

/**
 * The bytes the test sources' scheduled streaming servers ({@link StampedStreamServer}, {@link MinimalStreamServer})
 * send for each request: a chunked SSE head, one chunk per token event, and a last chunk with the usage, [DONE] and the
 * chunked terminator. One definition, so that both servers send exactly the same stream. The benchmarks' recorded
 * streams use its {@link #chunk} too.
 */
public final class ScheduledStreamBytes {
  static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  private static final String EVENT = "data: {\"id\":\"c\",\"object\":\"text_completion\",\"model\":\"m\","
      + "\"choices\":[{\"index\":0,\"text\":\" tok\",\"finish_reason\":null}]}\n\n";
  private static final String LAST = "data: {\"id\":\"c\",\"object\":\"text_completion\",\"model\":\"m\","
      + "\"choices\":[],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":%d,\"total_tokens\":%d}}\n\n"
      + "data: [DONE]\n\n";

  private ScheduledStreamBytes() {}

  /** One token event as an HTTP chunk. */
  static byte[] tokenEvent() {
    return chunk(EVENT);
  }

  /** The usage event and [DONE] as one chunk, then the chunked body's terminator. */
  static byte[] tail(int tokens) {
    byte[] last = chunk(LAST.formatted(tokens, tokens + 8));
    byte[] terminator = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[last.length + terminator.length];
    System.arraycopy(last, 0, out, 0, last.length);
    System.arraycopy(terminator, 0, out, last.length, terminator.length);
    return out;
  }

  /** The request head's Content-Length, 0 when it has none. */
  static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  /** {@code text} as one HTTP/1.1 chunk: its size in hex, CRLF, the UTF-8 bytes, CRLF. */
  public static byte[] chunk(String text) {
    return chunk(text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code bytes} as one HTTP/1.1 chunk: their count in hex, CRLF, the bytes, CRLF. */
  public static byte[] chunk(byte[] bytes) {
    byte[] head = (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + bytes.length + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(bytes, 0, out, head.length, bytes.length);
    out[out.length - 2] = '\r';
    out[out.length - 1] = '\n';
    return out;
  }
}
