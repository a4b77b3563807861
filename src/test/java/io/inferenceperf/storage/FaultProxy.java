package io.inferenceperf.storage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of {@link S3MockProcess} that plays what S3Mock cannot: S3's answer to an
 * unknown access key (S3Mock checks no signatures), server errors on uploads (the first N, or all), and
 * virtual-host requests ({@code bucket.s3.localtest:port/key}, rewritten to S3Mock's path style). Everything
 * else is forwarded byte for byte, and every request is recorded.
 */
public final class FaultProxy implements AutoCloseable {

  /** One request as the proxy saw it. */
  public record Seen(String method, String host, String path, String query) {}

  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding", "keep-alive");

  private final HttpServer server;
  private final String target;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger uploadFailuresLeft = new AtomicInteger();
  private volatile String acceptedAccessKey;
  private volatile String failingPathPart = "";

  public FaultProxy(String target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Path-style endpoint through the proxy. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** Endpoint for virtual-host requests: {@code http://s3.localtest:port} (see {@link TestHostResolver}). */
  public String virtualHostEndpoint() {
    return "http://" + TestHostResolver.DOMAIN.substring(1) + ":" + port();
  }

  /** The next {@code count} uploads (PUT and POST) answer 503 SlowDown; Integer.MAX_VALUE: all of them. */
  public void failUploads(int count) {
    failUploads(count, "");
  }

  /** Like {@link #failUploads(int)}, only for uploads whose path contains {@code pathPart}. */
  public void failUploads(int count, String pathPart) {
    failingPathPart = pathPart;
    uploadFailuresLeft.set(count);
  }

  /** Only requests signed with this access key id are let through; others get S3's 403 InvalidAccessKeyId. */
  public void acceptOnly(String accessKeyId) {
    acceptedAccessKey = accessKeyId;
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String host = exchange.getRequestHeaders().getFirst("Host");
      URI uri = exchange.getRequestURI();
      byte[] body = exchange.getRequestBody().readAllBytes();
      seen.add(new Seen(method, host, uri.getRawPath(), uri.getRawQuery()));
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (acceptedAccessKey != null && (auth == null || !auth.contains("Credential=" + acceptedAccessKey + "/"))) {
        error(exchange, 403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        return;
      }
      boolean upload = upload(method) && uri.getRawPath().contains(failingPathPart);
      if (upload && uploadFailuresLeft.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0) {
        error(exchange, 503, "SlowDown", "Please reduce your request rate.");
        return;
      }
      forward(exchange, method, host, uri, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void forward(HttpExchange exchange, String method, String host, URI uri, byte[] body)
      throws IOException, InterruptedException {
    String path = uri.getRawPath();
    String hostName = host == null ? "" : host.replaceFirst(":\\d+$", "");
    if (hostName.endsWith(TestHostResolver.DOMAIN)) {
      path = "/" + hostName.substring(0, hostName.length() - TestHostResolver.DOMAIN.length()) + path;
    }
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path + query))
        .timeout(Duration.ofSeconds(60))
        .method(method, body.length == 0 && !upload(method)
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) values.forEach(v -> request.header(name, v));
    });
    HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    answer.headers().map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!NOT_FORWARDED.contains(lower) && !lower.equals(":status")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    byte[] bytes = answer.body();
    boolean noBody = method.equals("HEAD") || bytes.length == 0;
    exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : bytes.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static boolean upload(String method) {
    return method.equals("PUT") || method.equals("POST");
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
        + "</Message><RequestId>test</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, xml.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(xml);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
