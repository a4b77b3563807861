package io.inferenceperf.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in on 127.0.0.1 for the Hugging Face dataset viewer's {@code GET /rows} (the real one is not reachable
 * from tests), with its JSON shape: {features, rows: [{row_idx, row, truncated_cells}], num_rows_total,
 * num_rows_per_page, partial}. It serves {@code abisee/cnn_dailymail}, config 3.0.0, split train, with
 * {@code totalRows} generated rows of article, highlights and id; row 5's article is marked truncated, as the
 * viewer does with cells too large for a page. Anything else is a 404 with an error JSON.
 */
public final class FakeDatasetViewer implements AutoCloseable {
  public static final String DATASET = "abisee/cnn_dailymail";
  public static final int TRUNCATED_ROW = 5;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] WORDS = ("the river city council said on monday that a new bridge would open next"
      + " spring after years of delay and rising costs while residents welcomed the plan").split(" ");

  private final HttpServer server;
  private final int totalRows;
  private final Queue<Integer> scriptedStatuses = new ArrayDeque<>();
  private volatile String requiredToken;
  public final List<String> queries = new CopyOnWriteArrayList<>();
  public final List<String> authorizations = new CopyOnWriteArrayList<>();

  public FakeDatasetViewer(int totalRows) throws IOException {
    this.totalRows = totalRows;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Later requests need "Bearer {token}", else 401 (a gated dataset). */
  public void requireToken(String token) {
    requiredToken = token;
  }

  /** The next requests answer these statuses (with an error JSON) before serving rows again. */
  public synchronized void failNext(Integer... statuses) {
    scriptedStatuses.addAll(List.of(statuses));
  }

  private synchronized Integer nextScripted() {
    return scriptedStatuses.poll();
  }

  /** The article of row {@code index}: 12 to 40 words, so token counts differ. */
  public static String article(int index) {
    return "Article " + index + ": " + words(index, 12 + (index * 7) % 29);
  }

  /** The highlights of row {@code index}: 3 to 13 words. */
  public static String highlights(int index) {
    return "Summary " + index + ": " + words(index * 3, 3 + index % 11);
  }

  private static String words(int seed, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(i == 0 ? "" : " ").append(WORDS[(seed + i * 5) % WORDS.length]);
    }
    return text.append('.').toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = String.valueOf(exchange.getRequestURI().getRawQuery());
      queries.add(exchange.getRequestURI().getPath() + "?" + query);
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      Map<String, String> params = parse(query);
      Integer scripted = nextScripted();
      if (scripted != null) {
        send(exchange, scripted, error("scripted failure " + scripted));
      } else if (requiredToken != null
          && !("Bearer " + requiredToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, error("The dataset does not exist, or is not accessible without authentication"
            + " (private or gated). Please check the spelling of the dataset name or retry with authentication."));
      } else if (!exchange.getRequestURI().getPath().equals("/rows") || !DATASET.equals(params.get("dataset"))
          || !"3.0.0".equals(params.get("config")) || !"train".equals(params.get("split"))) {
        send(exchange, 404, error("Not found."));
      } else {
        int offset = Integer.parseInt(params.getOrDefault("offset", "0"));
        int length = Math.min(100, Integer.parseInt(params.getOrDefault("length", "100")));
        send(exchange, 200, page(offset, length));
      }
    }
  }

  private String page(int offset, int length) throws IOException {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode features = page.putArray("features");
    for (String name : new String[] {"article", "highlights", "id"}) {
      ObjectNode feature = features.addObject().put("feature_idx", features.size() - 1).put("name", name);
      feature.putObject("type").put("dtype", "string").put("_type", "Value");
    }
    ArrayNode rows = page.putArray("rows");
    for (int i = offset; i < Math.min(totalRows, offset + length); i++) {
      ObjectNode row = rows.addObject().put("row_idx", i);
      row.putObject("row").put("article", article(i)).put("highlights", highlights(i)).put("id", "id" + i);
      ArrayNode truncated = row.putArray("truncated_cells");
      if (i == TRUNCATED_ROW) truncated.add("article");
    }
    page.put("num_rows_total", totalRows).put("num_rows_per_page", 100).put("partial", false);
    return JSON.writeValueAsString(page);
  }

  private static String error(String message) throws IOException {
    return JSON.writeValueAsString(Map.of("error", message));
  }

  private static Map<String, String> parse(String query) {
    Map<String, String> params = new HashMap<>();
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        params.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
