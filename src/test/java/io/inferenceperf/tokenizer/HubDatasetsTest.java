package io.inferenceperf.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataset files from a Hub-compatible server on 127.0.0.1 (a stand-in for the Hugging Face Hub's route
 * {@code /datasets/{org}/{name}/resolve/main/{file}}, which tests cannot reach): download into the Hub cache,
 * reuse without the network, offline mode, a gated dataset's 401 and a missing file.
 */
class HubDatasetsTest {
  private static final String COMMIT = "fedcba9876543210fedcba9876543210fedcba98";
  private static final String ROWS = "[{\"conversations\": [{\"from\": \"human\", \"value\": \"hi\"},"
      + " {\"from\": \"gpt\", \"value\": \"hello\"}]}]";

  @TempDir Path home;
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    env.put("HF_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort());
    env.put("HF_HOME", home.resolve("hf").toString());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      requests.add(path);
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      exchange.getResponseHeaders().add("X-Repo-Commit", COMMIT);
      if (path.equals("/datasets/org/chats/resolve/main/data.json")) {
        exchange.getResponseHeaders().add("Location", "/blobs/data.json"); // the Hub's large files redirect
        exchange.sendResponseHeaders(302, -1);
      } else if (path.equals("/blobs/data.json")) {
        byte[] body = ROWS.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } else if (path.startsWith("/datasets/org/gated/")) {
        exchange.getResponseHeaders().add("X-Error-Code", "GatedRepo");
        exchange.sendResponseHeaders(401, -1);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private Path fetch(String repo, String file) {
    return HubDatasets.fetch(HubSettings.from(env, home, null), repo, file);
  }

  @Test
  void downloadsIntoTheHubCacheAndThenUsesItWithoutTheNetwork() throws IOException {
    Path file = fetch("org/chats", "data.json");
    assertEquals(home.resolve("hf/hub/datasets--org--chats/snapshots/" + COMMIT + "/data.json"), file);
    assertEquals(ROWS, Files.readString(file));
    assertEquals(COMMIT, Files.readString(home.resolve("hf/hub/datasets--org--chats/refs/main")));
    server.stop(0);
    int before = requests.size();
    assertEquals(file, fetch("org/chats", "data.json"));
    env.put("HF_HUB_OFFLINE", "1");
    assertEquals(file, fetch("org/chats", "data.json"));
    assertEquals(before, requests.size());
  }

  @Test
  void offlineWithoutTheCacheSaysSo() {
    env.put("HF_HUB_OFFLINE", "1");
    String message = assertThrows(TokenizerLoadException.class, () -> fetch("org/chats", "data.json")).getMessage();
    assertTrue(message.contains("HF_HUB_OFFLINE") && message.contains("data.path"), message);
    assertTrue(requests.isEmpty());
  }

  @Test
  void aGatedDatasetNamesTheTokenFix() {
    env.put("HF_TOKEN", "hf_secret_value");
    String message = assertThrows(TokenizerLoadException.class, () -> fetch("org/gated", "data.json")).getMessage();
    assertTrue(message.contains("gated") && message.contains("HF_TOKEN") && message.contains("401"), message);
    assertTrue(!message.contains("hf_secret_value"), message);
    assertEquals("Bearer hf_secret_value", authorizations.getLast());
    assertTrue(Files.notExists(home.resolve("hf/hub/datasets--org--gated/refs/main")));
  }

  @Test
  void aMissingFileSaysToUseDataPath() {
    String message = assertThrows(TokenizerLoadException.class, () -> fetch("org/chats", "nope.json")).getMessage();
    assertTrue(message.contains("no file nope.json") && message.contains("data.path"), message);
  }
}
