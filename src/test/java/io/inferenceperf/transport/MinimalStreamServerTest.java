package io.inferenceperf.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The floor harness's single-threaded streaming server, over real sockets on 127.0.0.1. */
class MinimalStreamServerTest {
  private static final byte[] REQUEST = ("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
      .getBytes(StandardCharsets.US_ASCII);

  @Test
  void streamsEveryEventThenTheTerminatorAndKeepsTheConnection() throws Throwable {
    try (MinimalStreamServer server = new MinimalStreamServer(20_000_000, 5_000_000, 4);
        Socket socket = connect(server)) {
      for (int request = 0; request < 2; request++) { // keep-alive: the second request on the same connection
        long start = System.nanoTime();
        socket.getOutputStream().write(REQUEST);
        String response = readResponse(socket.getInputStream());
        long tookNanos = System.nanoTime() - start;
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n") && response.contains("Transfer-Encoding: chunked"),
            response);
        assertEquals(4, count(response, "\"text\":\" tok\""), response);
        assertTrue(response.contains("\"completion_tokens\":4") && response.contains("data: [DONE]")
            && response.endsWith("0\r\n\r\n"), response);
        // never early: the last event is due at ttft + 3 itl after the request was read
        assertTrue(tookNanos >= 35_000_000, "took " + tookNanos + " ns");
      }
    }
  }

  @Test
  void servesManyConnectionsAtOnceFromOneThread() throws Throwable {
    ExecutorService clients = Executors.newFixedThreadPool(40);
    try (MinimalStreamServer server = new MinimalStreamServer(10_000_000, 2_000_000, 8)) {
      List<Future<String>> responses = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        responses.add(clients.submit(() -> {
          try (Socket socket = connect(server)) {
            socket.getOutputStream().write(REQUEST);
            return readResponse(socket.getInputStream());
          }
        }));
      }
      for (Future<String> response : responses) {
        assertEquals(8, count(response.get(30, TimeUnit.SECONDS), "\"text\":\" tok\""));
      }
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void findsTheEndOfAWholeRequestOnly() {
    byte[] whole = REQUEST;
    assertEquals(whole.length, MinimalStreamServer.requestEnd(whole, whole.length));
    assertEquals(-1, MinimalStreamServer.requestEnd(whole, whole.length - 1)); // body not all here
    assertEquals(-1, MinimalStreamServer.requestEnd(whole, 20)); // head not all here
    byte[] twoRequests = new byte[whole.length * 2];
    System.arraycopy(whole, 0, twoRequests, 0, whole.length);
    System.arraycopy(whole, 0, twoRequests, whole.length, whole.length);
    assertEquals(whole.length, MinimalStreamServer.requestEnd(twoRequests, twoRequests.length));
  }

  private static Socket connect(MinimalStreamServer server) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
    socket.setSoTimeout(30_000);
    return socket;
  }

  /** Reads until the chunked terminator that ends the response. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!out.toString(StandardCharsets.US_ASCII).endsWith("\r\n0\r\n\r\n")) {
      int n = in.read(buffer);
      if (n < 0) throw new IOException("closed before the terminator: " + out);
      out.write(buffer, 0, n);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) count++;
    return count;
  }
}
