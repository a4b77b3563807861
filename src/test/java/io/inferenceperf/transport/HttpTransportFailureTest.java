package io.inferenceperf.transport;

import static io.inferenceperf.transport.SenderTestSupport.DONE;
import static io.inferenceperf.transport.SenderTestSupport.assertTimelineOrdered;
import static io.inferenceperf.transport.SenderTestSupport.chatRequest;
import static io.inferenceperf.transport.SenderTestSupport.content;
import static io.inferenceperf.transport.SenderTestSupport.data;
import static io.inferenceperf.transport.SenderTestSupport.role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.record.Failure;
import io.inferenceperf.record.Failure.Kind;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.testkit.RefusingPort;
import io.inferenceperf.transport.SenderTestSupport.Client;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every way an exchange can fail, each recorded as data with what arrived before the failure. */
class HttpTransportFailureTest {

  private static final long MS = 1_000_000L;

  @Test
  void httpErrorStatusesKeepTheirBodyAndTheConnection() throws Exception {
    String longBody = "{\"error\":{\"message\":\"" + "y".repeat(2000) + "\"}}";
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          if (request.indexOnConnection() == 0) {
            wire.fixed(429, "application/json", "{\"error\":{\"message\":\"rate limited\",\"code\":429}}");
          } else if (request.indexOnConnection() == 1) {
            wire.write("HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n");
            wire.chunk(longBody.substring(0, 700));
            wire.chunk(longBody.substring(700));
            wire.endChunks();
          } else {
            wire.sseHead();
            wire.chunk(content("ok") + DONE);
            wire.endChunks();
          }
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      RequestRecord limited = client.call(chatRequest());
      assertEquals(Failure.http(429, "{\"error\":{\"message\":\"rate limited\",\"code\":429}}"), limited.failure());
      assertEquals(429, limited.httpStatus());

      RequestRecord internal = client.call(chatRequest());
      assertEquals(Kind.HTTP_STATUS, internal.failure().kind());
      assertEquals(500, internal.failure().httpStatus());
      assertTrue(internal.failure().message().length() < 1100, "trimmed to about 1 KB");
      assertTrue(internal.failure().message().startsWith("{\"error\":{\"message\":\"yyy"));

      assertTrue(client.call(chatRequest()).success());
      assertEquals(1, server.connections.get(), "fully read error responses leave the connection reusable");
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void errorEventInsideA200Stream() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role() + content("par"));
          wire.chunk(data("{\"error\":{\"message\":\"engine overloaded\",\"code\":503}}") + DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      RequestRecord record = client.call(chatRequest());
      assertEquals(new Failure(Kind.PROTOCOL, 503, "error in 200 response: engine overloaded"), record.failure());
      assertEquals(200, record.httpStatus());
      assertEquals(1, record.chunkNanos().length, "what arrived before the error is kept");
    }
  }

  @Test
  void connectionClosedMidStreamIsAStreamCut() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role() + content("a") + content("b"));
          wire.sleep(30);
          wire.close();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      RequestRecord record = client.call(chatRequest());
      assertEquals(Kind.STREAM_CUT, record.failure().kind());
      assertTrue(record.failure().message().contains("mid-response"), record.failure().message());
      assertEquals(2, record.chunkNanos().length);
      assertTimelineOrdered(record);
      assertTrue(record.endNanos() - record.chunkNanos()[1] >= 25 * MS, "the end is when the close arrived");
    }
  }

  @Test
  void streamEndingWithoutDoneIsAStreamCut() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role() + content("a"));
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      RequestRecord record = client.call(chatRequest());
      assertEquals(Failure.of(Kind.STREAM_CUT, "event stream ended without data: [DONE]"), record.failure());
      assertEquals(1, record.chunkNanos().length);
    }
  }

  @Test
  void malformedHttpIsAProtocolFailure() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> wire.write("HELLO\r\n\r\n"));
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      RequestRecord record = client.call(chatRequest());
      assertEquals(Kind.PROTOCOL, record.failure().kind());
      assertTrue(record.failure().message().contains("bad status line"), record.failure().message());
    }
  }

  @Test
  void refusedPortIsAConnectionFailure() throws Exception {
    try (RefusingPort refusing = new RefusingPort()) { // held open: no other server can take the port
      int port = refusing.port();
      try (Client client = new Client(TransportOptions.of("http://127.0.0.1:" + port))) {
        RequestRecord record = client.call(chatRequest());
        assertEquals(Kind.CONNECTION, record.failure().kind());
        assertTrue(record.failure().message().contains("refused"), record.failure().message());
        assertEquals(0, record.httpStatus());
        assertEquals(-1, record.sentNanos(), "nothing was written");
        client.assertAllCompletedOnce();
      }
    }
  }

  @Test
  void serverClosingBeforeAnyResponseIsAConnectionFailure() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> wire.close());
        Client client = new Client(TransportOptions.of(server.baseUrl()))) {
      RequestRecord record = client.call(chatRequest());
      assertEquals(Failure.of(Kind.CONNECTION, "the server closed the connection before responding"),
          record.failure());
      assertTrue(record.sentNanos() > 0);
    }
  }

  @Test
  void headerTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> release.await(5, TimeUnit.SECONDS));
        Client client = new Client(TransportOptions.of(server.baseUrl()).withTimeouts(0, 200 * MS, 0, 0))) {
      RequestRecord record = client.call(chatRequest());
      release.countDown();
      assertEquals(Kind.TIMEOUT, record.failure().kind());
      assertTrue(record.failure().message().startsWith("header timeout"), record.failure().message());
      long waited = record.endNanos() - record.sentNanos();
      assertTrue(waited >= 200 * MS && waited < 3_000 * MS, "gave up after " + waited / 1e6 + " ms");
    }
  }

  @Test
  void idleStreamTimeoutKeepsTheChunksThatArrived() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          wire.chunk(role() + content("a"));
          release.await(5, TimeUnit.SECONDS);
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()).withTimeouts(0, 0, 200 * MS, 0))) {
      RequestRecord record = client.call(chatRequest());
      release.countDown();
      assertEquals(Kind.TIMEOUT, record.failure().kind());
      assertTrue(record.failure().message().startsWith("idle stream timeout"), record.failure().message());
      assertEquals(1, record.chunkNanos().length);
      long silence = record.endNanos() - record.chunkNanos()[0];
      assertTrue(silence >= 200 * MS && silence < 3_000 * MS, "silence " + silence / 1e6 + " ms");
      client.assertAllCompletedOnce();
    }
  }

  @Test
  void totalTimeoutEndsATricklingStream() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          wire.sseHead();
          for (int i = 0; i < 100; i++) {
            wire.chunk(content("t"));
            wire.sleep(20);
          }
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()).withTimeouts(0, 0, 150 * MS, 300 * MS))) {
      RequestRecord record = client.call(chatRequest());
      assertEquals(Kind.TIMEOUT, record.failure().kind());
      assertTrue(record.failure().message().startsWith("request timeout"), record.failure().message());
      assertTrue(record.chunkNanos().length >= 3, "chunks kept: " + record.chunkNanos().length);
      long total = record.endNanos() - record.sentNanos();
      assertTrue(total >= 300 * MS && total < 3_000 * MS, "total " + total / 1e6 + " ms");
    }
  }

  @Test
  void aConnectionThatTimedOutIsNotReused() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer((request, wire) -> {
          if (request.connection() == 1) {
            wire.sleep(1_000);
          }
          wire.sseHead();
          wire.chunk(content("late") + DONE);
          wire.endChunks();
        });
        Client client = new Client(TransportOptions.of(server.baseUrl()).withTimeouts(0, 100 * MS, 0, 0))) {
      assertEquals(Kind.TIMEOUT, client.call(chatRequest()).failure().kind());
      RequestRecord next = client.call(chatRequest());
      assertTrue(next.success(), String.valueOf(next.failure()));
      assertEquals(2, server.connections.get());
    }
  }

  @Test
  void otherSchemesAndNonsenseUrlsAreRejectedWithTheConfigKey() {
    IllegalArgumentException ftp = assertThrows(IllegalArgumentException.class,
        () -> new HttpTransport(TransportOptions.of("ftp://example.com")));
    assertTrue(ftp.getMessage().contains("server.base_url") && ftp.getMessage().contains("https://host:port"),
        ftp.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> new HttpTransport(TransportOptions.of("localhost:8000")));
    assertTrue(bad.getMessage().contains("server.base_url"), bad.getMessage());
  }
}
