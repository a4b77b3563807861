package io.inferenceperf.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpResponseParserTest {

  private final List<String> heads = new ArrayList<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final HttpResponseParser parser = new HttpResponseParser(new HttpResponseParser.Handler() {
    @Override
    public void onHead(int status, boolean eventStream) {
      heads.add(status + (eventStream ? " sse" : ""));
    }

    @Override
    public void onBody(byte[] bytes, int offset, int length) {
      body.write(bytes, offset, length);
    }
  });

  private static final String CHUNKED_SSE = "HTTP/1.1 200 OK\r\n"
      + "content-type: text/event-stream; charset=utf-8\r\n"
      + "Transfer-Encoding: chunked\r\n"
      + "\r\n"
      + "f\r\ndata: {\"a\":1}\n\n\r\n"
      + "E;ext=1\r\ndata: [DONE]\n\n\r\n"
      + "0\r\nX-Trailer: t\r\n\r\n";

  @Test
  void chunkedEventStreamAtEverySplit() {
    byte[] bytes = CHUNKED_SSE.getBytes(StandardCharsets.US_ASCII);
    for (int split = 0; split <= bytes.length; split++) {
      reset();
      int consumed = parser.feed(bytes, 0, split);
      assertEquals(split, consumed);
      consumed = parser.feed(bytes, split, bytes.length - split);
      assertEquals(bytes.length - split, consumed, "split " + split);
      assertTrue(parser.complete(), "split " + split);
      assertTrue(parser.keepAlive());
      assertEquals(List.of("200 sse"), heads);
      assertEquals("data: {\"a\":1}\n\ndata: [DONE]\n\n", body.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void contentLengthBodyStopsAtItsEndAndReportsLeftovers() {
    String response = "HTTP/1.1 429 Too Many Requests\nContent-Length: 5\nConnection: close\n\nslow!EXTRA";
    byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
    int consumed = parser.feed(bytes, 0, bytes.length);
    assertEquals(bytes.length - 5, consumed);
    assertTrue(parser.complete());
    assertFalse(parser.keepAlive());
    assertEquals(List.of("429"), heads);
    assertEquals("slow!", body.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void interimResponsesAreSkipped() {
    feedAll("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
    assertTrue(parser.complete());
    assertEquals(List.of("204"), heads);
  }

  @Test
  void bodyWithoutLengthEndsWhenTheConnectionCloses() {
    feedAll("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"x\":");
    feedAll("1}");
    assertFalse(parser.complete());
    assertFalse(parser.keepAlive());
    assertTrue(parser.onConnectionClosed());
    assertTrue(parser.complete());
    assertEquals("{\"x\":1}", body.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void aCutChunkedBodyIsNotComplete() {
    feedAll("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly part");
    assertFalse(parser.onConnectionClosed());
    assertFalse(parser.complete());
    assertEquals(9, parser.bodyBytes());
  }

  @Test
  void http10KeepAliveIsHonoured() {
    feedAll("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n");
    assertTrue(parser.complete());
    assertTrue(parser.keepAlive());
  }

  @Test
  void malformedInputFails() {
    for (String bad : List.of(
        "HTTP/2 200\r\n\r\n",
        "SSH-2.0-OpenSSH\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n")) {
      reset();
      feedAll(bad);
      assertTrue(parser.failed(), bad);
      assertTrue(parser.error() != null && !parser.error().isEmpty());
    }
  }

  private void feedAll(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    parser.feed(bytes, 0, bytes.length);
  }

  private void reset() {
    parser.reset();
    heads.clear();
    body.reset();
  }
}
