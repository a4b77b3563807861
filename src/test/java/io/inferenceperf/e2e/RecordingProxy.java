package io.inferenceperf.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test fixture: a loopback HTTP proxy in front of a server (the simulator) that records every exchange as the server
 * saw it, the request body it received and the response body it sent. The simulator keeps no bodies, and a test of
 * live output substitution must see both sides. Responses are passed on whole (an SSE stream arrives at once,
 * chunked), so it is for checking contents, not timings.
 */
final class RecordingProxy implements AutoCloseable {

  /** One exchange; header names lower-case. */
  record Exchange(String path, java.util.Map<String, String> headers, String requestBody, int status,
      String responseBody) {}

  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding", "keep-alive");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final String target;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();

  RecordingProxy(String target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The exchanges on {@code path}, in the order they were answered. */
  List<Exchange> exchanges(String path) {
    List<Exchange> out = new ArrayList<>();
    for (Exchange e : exchanges) if (e.path().equals(path)) out.add(e);
    return out;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getRawPath();
      HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
          .timeout(Duration.ofSeconds(30))
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      java.util.Map<String, String> headers = new java.util.TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> {
        String lower = name.toLowerCase(Locale.ROOT);
        headers.put(lower, String.join(",", values));
        if (!NOT_FORWARDED.contains(lower)) values.forEach(v -> forward.header(name, v));
      });
      HttpResponse<byte[]> response;
      try {
        response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      exchanges.add(new Exchange(path, headers, new String(body, StandardCharsets.UTF_8), response.statusCode(),
          new String(response.body(), StandardCharsets.UTF_8)));
      String type = response.headers().firstValue("content-type").orElse("application/json");
      exchange.getResponseHeaders().set("Content-Type", type);
      boolean stream = type.startsWith("text/event-stream");
      long length = stream ? 0 : response.body().length == 0 ? -1 : response.body().length; // 0: chunked
      exchange.sendResponseHeaders(response.statusCode(), length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
