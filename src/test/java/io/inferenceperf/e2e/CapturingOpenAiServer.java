package io.inferenceperf.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture, not the project's simulator: a tiny OpenAI-compatible server on 127.0.0.1 (JDK HttpServer) that
 * records every request it receives, headers included. The simulator does not keep request headers in its ground
 * truth, and a test must see what actually arrived on the wire (Authorization, api.headers). It lists one model on
 * {@code /v1/models} and answers completion and chat requests with three tokens, as SSE (with a usage event) when
 * the body asks for {@code "stream": true}, else as one JSON body. Like a router with token-based session affinity
 * (llm-d-router), every answer carries an {@code x-session-token} header: the one the request carried, else a new one.
 */
final class CapturingOpenAiServer implements AutoCloseable {

  /** One received request, and the session token its answer carried. Header names are lower-case. */
  record Received(String method, String path, Map<String, String> headers, String body, String answeredToken) {
    JsonNode json() throws IOException {
      return CliRunner.JSON.readTree(body);
    }
  }

  static final List<String> TOKENS = List.of("Hello", " there", " friend");

  private final HttpServer server;
  private final String modelId;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final AtomicInteger tokensIssued = new AtomicInteger();

  CapturingOpenAiServer(String modelId) throws IOException {
    this.modelId = modelId;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  List<Received> received(String path) {
    return received().stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
      String path = exchange.getRequestURI().getPath();
      String token = headers.getOrDefault("x-session-token", "tok-" + tokensIssued.incrementAndGet());
      exchange.getResponseHeaders().set("X-Session-Token", token);
      received.add(new Received(exchange.getRequestMethod(), path, headers, body, token));
      switch (path) {
        case "/v1/models" -> json(exchange, "{\"object\":\"list\",\"data\":[{\"id\":\"" + modelId
            + "\",\"object\":\"model\"}]}");
        case "/v1/completions", "/v1/chat/completions" -> answer(exchange, path.contains("chat"),
            CliRunner.JSON.readTree(body).path("stream").asBoolean(false));
        default -> {
          exchange.sendResponseHeaders(404, -1);
        }
      }
    }
  }

  private void answer(HttpExchange exchange, boolean chat, boolean stream) throws IOException {
    String usage = "{\"prompt_tokens\":7,\"completion_tokens\":" + TOKENS.size() + ",\"total_tokens\":"
        + (7 + TOKENS.size()) + "}";
    if (!stream) {
      String text = String.join("", TOKENS);
      String choice = chat
          ? "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"length\"}"
          : "{\"index\":0,\"text\":\"" + text + "\",\"finish_reason\":\"length\"}";
      json(exchange, "{\"id\":\"x\",\"model\":\"" + modelId + "\",\"choices\":[" + choice + "],\"usage\":" + usage
          + "}");
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    for (String token : TOKENS) {
      String choice = chat
          ? "{\"index\":0,\"delta\":{\"content\":\"" + token + "\"},\"finish_reason\":null}"
          : "{\"index\":0,\"text\":\"" + token + "\",\"finish_reason\":null}";
      event(out, "{\"id\":\"x\",\"model\":\"" + modelId + "\",\"choices\":[" + choice + "]}");
    }
    event(out, "{\"id\":\"x\",\"model\":\"" + modelId + "\",\"choices\":[],\"usage\":" + usage + "}");
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void event(OutputStream out, String json) throws IOException {
    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void json(HttpExchange exchange, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
