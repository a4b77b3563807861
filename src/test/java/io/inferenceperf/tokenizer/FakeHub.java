package io.inferenceperf.tokenizer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the Hugging Face Hub's file route {@code /{org}/{name}/resolve/main/{file}} on 127.0.0.1 (the
 * real Hub is not reachable from tests). Serves real tokenizer files; tokenizer.json goes through a redirect like
 * the Hub's large-file storage. Repos: org/llama3, org/gpt2 (only vocab.json + merges.txt), org/gated (needs
 * "Bearer good-token"), org/sentencepiece (only tokenizer.model, a small real one), anything else 404.
 */
final class FakeHub implements AutoCloseable {

  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final String GOOD_TOKEN = "good-token";

  private final HttpServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  FakeHub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      requests.add(path);
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      if (path.startsWith("/lfs/")) {
        String[] lfs = path.split("/"); // "", "lfs", tokenizer name, file
        send(exchange, 200, Files.readAllBytes(RealTokenizers.folder(lfs[2]).resolve(lfs[3])));
        return;
      }
      String[] parts = path.split("/", 6); // "", org, name, "resolve", "main", file
      if (parts.length < 6 || !parts[3].equals("resolve")) {
        send(exchange, 404, new byte[0]);
        return;
      }
      serve(exchange, parts[1] + "/" + parts[2], parts[5]);
    }
  }

  private void serve(HttpExchange exchange, String repo, String file) throws IOException {
    exchange.getResponseHeaders().add("X-Repo-Commit", COMMIT);
    Map<String, String> files = switch (repo) {
      case "org/llama3", "org/gated" -> Map.of("tokenizer.json", "llama3", "tokenizer_config.json", "llama3");
      case "org/gpt2" -> Map.of("vocab.json", "gpt2", "merges.txt", "gpt2");
      case "org/sentencepiece" -> Map.of("tokenizer.model", "");
      default -> Map.of();
    };
    if (repo.equals("org/gated")
        && !("Bearer " + GOOD_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.getResponseHeaders().add("X-Error-Code", "GatedRepo");
      send(exchange, 401, "Access to model org/gated is restricted.".getBytes());
      return;
    }
    if (!files.containsKey(file)) {
      exchange.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
      send(exchange, 404, new byte[0]);
      return;
    }
    if (file.equals("tokenizer.model")) {
      send(exchange, 200, Files.readAllBytes(SentencePieceTokenizerTest.folder().resolve(file)));
      return;
    }
    java.nio.file.Path source = RealTokenizers.folder(files.get(file)).resolve(file);
    if (file.equals("tokenizer.json")) {
      exchange.getResponseHeaders().add("Location", "/lfs/" + files.get(file) + "/" + file);
      send(exchange, 302, new byte[0]);
      return;
    }
    send(exchange, 200, Files.readAllBytes(source));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
