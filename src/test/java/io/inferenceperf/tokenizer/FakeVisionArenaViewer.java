package io.inferenceperf.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.inferenceperf.media.TestImages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in on 127.0.0.1 for the Hugging Face dataset viewer serving {@code lmarena-ai/VisionArena-Chat} (config
 * default, split train) as the real one does: {@code GET /rows} pages whose {@code images} cells are lists of
 * {src, height, width} with src an image URL on the same server ({@code /assets/...}), and {@code conversation}
 * cells lists of one-message lists. Its {@link #ROWS} mix what a run keeps with what it must skip.
 */
public final class FakeVisionArenaViewer implements AutoCloseable {
  public static final String DATASET = "lmarena-ai/VisionArena-Chat";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One row: the user's prompt (null: only an assistant turn) and its images by asset name (absent: 404). */
  public record Row(String prompt, List<String> images) {}

  /** The images served, by name. */
  public static final Map<String, byte[]> ASSETS = assets();

  /**
   * Rows 0, 1, 4 and 6 are usable with one image per request: a PNG, a JPEG, a WEBP and a second PNG; row 2's only
   * image is a GIF, row 3's image is missing (404), row 5 has no user turn.
   */
  public static final List<Row> ROWS = List.of(
      new Row("What is in this picture?", List.of("red.png")),
      new Row("Describe the chart.", List.of("blue.jpg")),
      new Row("Animated?", List.of("anim.gif")),
      new Row("Where did it go?", List.of("missing.png")),
      new Row("Read the sign.", List.of("sign.webp", "red.png")),
      new Row(null, List.of("red.png")),
      new Row("Count the squares.", List.of("green.png")));

  /** The rows a run with max_images_per_request 1 keeps, in order: their prompts and their image names. */
  public static final List<Row> USABLE = List.of(ROWS.get(0), ROWS.get(1), new Row("Read the sign.",
      List.of("sign.webp")), ROWS.get(6));

  private static Map<String, byte[]> assets() {
    Map<String, byte[]> assets = new LinkedHashMap<>();
    assets.put("red.png", TestImages.png(32, 24, 0xD02020));
    assets.put("blue.jpg", TestImages.jpeg(40, 30, 0x2020D0));
    assets.put("anim.gif", TestImages.gif(12, 12, 0x20D020));
    assets.put("sign.webp", TestImages.webpLossless(64, 48));
    assets.put("green.png", TestImages.png(20, 20, 0x20A020));
    return Map.copyOf(assets);
  }

  /** An asset over the client's 16 MiB limit: a PNG header padded with zeros (made when asked for). */
  public static final String HUGE = "huge.png";

  private final HttpServer server;
  private final List<Row> rows;
  public final List<String> queries = new CopyOnWriteArrayList<>();

  /** Serves {@link #ROWS}. */
  public FakeVisionArenaViewer() throws IOException {
    this(ROWS);
  }

  /** Serves {@code rows}, whose images name {@link #ASSETS} or {@link #HUGE} (anything else is a 404). */
  public FakeVisionArenaViewer(List<Row> rows) throws IOException {
    this.rows = List.copyOf(rows);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests for images (paths under /assets/). */
  public long assetRequests() {
    return queries.stream().filter(q -> q.startsWith("/assets/")).count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String query = String.valueOf(exchange.getRequestURI().getRawQuery());
      queries.add(path + "?" + query);
      Map<String, String> params = parse(query);
      if (path.startsWith("/assets/")) {
        String name = path.substring("/assets/".length());
        byte[] image = name.equals(HUGE) ? huge() : ASSETS.get(name);
        if (image == null) {
          send(exchange, 404, "text/plain", "no such asset".getBytes(StandardCharsets.UTF_8));
        } else {
          send(exchange, 200, "application/octet-stream", image);
        }
      } else if (path.equals("/rows") && DATASET.equals(params.get("dataset")) && "default".equals(params.get("config"))
          && "train".equals(params.get("split"))) {
        int offset = Integer.parseInt(params.getOrDefault("offset", "0"));
        int length = Math.min(100, Integer.parseInt(params.getOrDefault("length", "100")));
        send(exchange, 200, "application/json", page(offset, length).getBytes(StandardCharsets.UTF_8));
      } else {
        send(exchange, 404, "application/json", "{\"error\": \"Not found.\"}".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private String page(int offset, int length) throws IOException {
    ObjectNode page = JSON.createObjectNode();
    page.putArray("features");
    ArrayNode items = page.putArray("rows");
    for (int i = offset; i < Math.min(rows.size(), offset + length); i++) {
      Row source = rows.get(i);
      ObjectNode item = items.addObject().put("row_idx", i);
      ObjectNode row = item.putObject("row").put("conversation_id", "c" + i).put("model", "some-vlm");
      ArrayNode conversation = row.putArray("conversation");
      if (source.prompt() != null) {
        conversation.addArray().addObject().put("role", "user").put("content", source.prompt());
      }
      conversation.addArray().addObject().put("role", "assistant").put("content", "An answer.");
      ArrayNode images = row.putArray("images");
      for (String name : source.images()) {
        images.addObject().put("src", endpoint() + "/assets/" + name + "?Expires=1&Signature=x")
            .put("height", 10).put("width", 10);
      }
      item.putArray("truncated_cells");
    }
    page.put("num_rows_total", rows.size()).put("num_rows_per_page", 100).put("partial", false);
    return JSON.writeValueAsString(page);
  }

  private static byte[] huge() {
    byte[] png = ASSETS.get("red.png");
    byte[] huge = new byte[(16 << 20) + 1];
    System.arraycopy(png, 0, huge, 0, png.length);
    return huge;
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

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
