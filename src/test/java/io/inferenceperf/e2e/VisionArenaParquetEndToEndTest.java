package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.inferenceperf.data.parquet.ParquetTestWriter;
import io.inferenceperf.e2e.SentRequests.Sent;
import io.inferenceperf.media.TestImages;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.tokenizer.RealTokenizers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * data.type visionarena from Parquet files over real HTTP against the simulator: a local data.path file, and
 * data.visionarena.hf_data_files against a Hub stand-in on 127.0.0.1 (file listing in two pages by the Link header,
 * files under resolve/main) in a child JVM: only the matching files are downloaded, in name order and only until
 * num_rows usable rows are read, the requests carry the Parquet rows' prompts and image bytes, and a second run with
 * HF_HUB_OFFLINE=1 and the stand-in gone sends the same requests from the Hub cache.
 */
class VisionArenaParquetEndToEndTest {
  private static final int REQUESTS = 6;
  private static final String REPO = "lab/VisionArena-Chat";
  private static final byte[] PNG = TestImages.png(48, 32, 0x8040C0);
  private static final byte[] JPEG = TestImages.jpeg(64, 40, 0x40C080);
  private static final byte[] WEBP = TestImages.webpLossy(40, 20);

  @TempDir Path dir;

  private static String yaml(String server, String data) {
    return """
        api: {type: chat, streaming: true}
        server: %s
        tokenizer: {pretrained_model_name_or_path: "%s"}
        data: %s
        load: {type: constant, base_seed: 5, stages: [{rate: %d, duration: 1}]}
        report: {request_lifecycle: {per_request: true}}
        """.formatted(server, RealTokenizers.folder("qwen3"), data, REQUESTS);
  }

  private static Map<String, Object> row(String prompt, byte[] image) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "user");
    message.put("content", prompt);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("bytes", image);
    entry.put("path", "image.bin");
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("question_id", 7L);
    row.put("conversation", List.of(List.of(message)));
    row.put("images", image == null ? List.of() : List.of(entry));
    return row;
  }

  private static byte[] parquet(Path folder, String name, List<Map<String, Object>> rows) throws IOException {
    Path file = folder.resolve(name);
    ParquetTestWriter.write(file, ParquetTestWriter.visionArenaSchema(), rows, 2, true);
    return Files.readAllBytes(file);
  }

  private static void assertImage(byte[] expected, JsonNode part, String what) {
    String url = part.at("/image_url/url").asText();
    assertArrayEquals(expected, Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)), what);
  }

  @Test
  void aLocalParquetFileIsReadRowByRow() throws Exception {
    parquet(dir, "train.parquet", List.of(row("Which animal is shown here?", PNG), row("no image", null),
        row("Summarise the table.", JPEG)));
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 2,
        "itl_ms", 0.5, "model", "vlm")).orThrow())) {
      String data = "{type: visionarena, path: \"" + dir.resolve("train.parquet") + "\", visionarena: {num_rows:"
          + " 10, insertion_point: 1.0}}";
      CliRunner.Result run = CliRunner.run(dir.resolve("local"), yaml("{type: vllm, base_url: " + sim.baseUrl()
          + "}", data));
      assertEquals(0, run.exitCode(), run.err());
      SentRequests sent = SentRequests.of(run);
      assertEquals(REQUESTS, sent.requests().size());
      for (Sent s : sent.requests()) {
        boolean first = s.index() % 2 == 0;
        JsonNode content = s.body().at("/messages/0/content");
        assertEquals(first ? "Which animal is shown here?" : "Summarise the table.", content.get(0).get("text")
            .asText());
        assertImage(first ? PNG : JPEG, content.get(1), "request " + s.index());
      }
    }
  }

  @Test
  void aDamagedLocalParquetFileIsAConfigErrorNamingIt() throws Exception {
    Path bad = Files.write(dir.resolve("bad.parquet"), "PAR1 not really".getBytes(StandardCharsets.US_ASCII));
    CliRunner.Result run = CliRunner.run(dir.resolve("bad"), yaml("{type: simulator}", "{type: visionarena, path: \""
        + bad + "\"}") + "simulator: {profile: fixed, ttft_ms: 2, itl_ms: 0.5}\n");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("bad.parquet is not a complete Parquet file"), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
  }

  /** A Hub stand-in: the tree API in two pages, files under resolve/main, every request path recorded. */
  private static final class FakeHub implements AutoCloseable {
    final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> files;

    FakeHub(Map<String, byte[]> files) throws IOException {
      this.files = files;
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", this::handle);
      server.start();
    }

    String endpoint() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getQuery();
      requests.add(path + (query == null ? "" : "?" + query));
      String tree = "/api/datasets/" + REPO + "/tree/main";
      String resolve = "/datasets/" + REPO + "/resolve/main/";
      if (path.equals(tree) && query != null && query.contains("recursive=true")) {
        boolean second = query.contains("cursor=2");
        List<String> names = new ArrayList<>(files.keySet());
        List<String> page = second ? names.subList(2, names.size()) : names.subList(0, 2);
        List<String> items = new ArrayList<>();
        if (!second) items.add("{\"type\":\"directory\",\"path\":\"data\",\"oid\":\"0\",\"size\":0}");
        for (String name : page) {
          items.add("{\"type\":\"file\",\"path\":\"" + name + "\",\"size\":" + files.get(name).length + "}");
        }
        String json = "[" + String.join(",", items) + "]";
        if (!second) {
          exchange.getResponseHeaders().add("Link", "<" + endpoint() + tree + "?recursive=true&expand=false&cursor=2>;"
              + " rel=\"next\"");
        }
        send(exchange, 200, json.getBytes(StandardCharsets.UTF_8));
      } else if (path.startsWith(resolve) && files.containsKey(path.substring(resolve.length()))) {
        exchange.getResponseHeaders().add("X-Repo-Commit", "c0ffee");
        send(exchange, 200, files.get(path.substring(resolve.length())));
      } else {
        send(exchange, 404, new byte[0]);
      }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private SentRequests childRun(String name, Map<String, String> env, String logLine) throws Exception {
    Path runDir = Files.createDirectories(dir.resolve(name));
    Path config = Files.writeString(runDir.resolve("config.yml"), yaml("{type: simulator}",
        "{type: visionarena, visionarena: {hf_dataset_name: \"" + REPO + "\", hf_data_files: \"data/train-*.parquet\","
            + " num_rows: 3, insertion_point: 0.0}}") + "simulator: {profile: fixed, ttft_ms: 2, itl_ms: 0.5}\n");
    Path reports = runDir.resolve("reports");
    try (ChildRun child = ChildRun.start(runDir.resolve("log.txt"), List.of(), List.of(), env, "-c",
        config.toString(), "--storage.local_storage.path", reports.toString())) {
      int code = child.awaitExit(120);
      String log = child.log();
      assertEquals(0, code, log);
      assertTrue(log.contains(logLine), log);
      child.assertNoStackTrace();
      return SentRequests.of(new CliRunner.Result(code, log, log, reports));
    }
  }

  @Test
  void hfDataFilesAreListedMatchedDownloadedUntilNumRowsAndThenReadOffline() throws Exception {
    Path made = Files.createDirectories(dir.resolve("made"));
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("README.md", "# VisionArena".getBytes(StandardCharsets.UTF_8));
    files.put("data/train-00000-of-00003.parquet", parquet(made, "a.parquet", List.of(row("first", PNG),
        row("unusable", null), row("second", JPEG))));
    files.put("data/test-00000-of-00001.parquet", parquet(made, "t.parquet", List.of(row("test split", PNG))));
    files.put("data/train-00001-of-00003.parquet", parquet(made, "b.parquet", List.of(row("third", WEBP),
        row("fourth", PNG))));
    files.put("data/train-00002-of-00003.parquet", parquet(made, "c.parquet", List.of(row("fifth", PNG))));
    Map<String, String> env;
    List<String> bodies;
    try (FakeHub hub = new FakeHub(files)) {
      env = Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HOME", dir.resolve("hf").toString(), "HF_HUB_OFFLINE", "0");
      SentRequests sent = childRun("first", env, "3 matching files of the Hugging Face dataset " + REPO);
      assertEquals(REQUESTS, sent.requests().size());
      List<String> prompts = List.of("first", "second", "third");
      List<byte[]> images = List.of(PNG, JPEG, WEBP);
      for (Sent s : sent.requests()) {
        int row = (int) (s.index() % 3);
        JsonNode content = s.body().at("/messages/0/content");
        assertEquals(2, content.size(), content.toString());
        assertImage(images.get(row), content.get(0), "request " + s.index());
        assertEquals(prompts.get(row), content.get(1).get("text").asText(), "the image before the text (0.0)");
      }
      List<String> downloads = hub.requests.stream().filter(r -> r.contains("/resolve/")).toList();
      assertEquals(List.of("/datasets/" + REPO + "/resolve/main/data/train-00000-of-00003.parquet",
          "/datasets/" + REPO + "/resolve/main/data/train-00001-of-00003.parquet"), downloads,
          "name order, only until num_rows usable rows: " + hub.requests);
      assertEquals(2, hub.requests.stream().filter(r -> r.contains("/tree/main")).count(), hub.requests.toString());
      bodies = sent.bodies();
    }
    Map<String, String> offline = new HashMap<>(env);
    offline.put("HF_HUB_OFFLINE", "1");
    SentRequests again = childRun("again", offline, "2 matching files of the Hugging Face dataset " + REPO);
    assertEquals(strip(bodies), strip(again.bodies()), "the same requests from the Hub cache");
  }

  @Test
  void patternsMatchingNothingAreAConfigErrorNamingThem() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("README.md", "# x".getBytes(StandardCharsets.UTF_8));
    files.put("data/train.parquet", new byte[] {1});
    try (FakeHub hub = new FakeHub(files)) {
      Path runDir = Files.createDirectories(dir.resolve("none"));
      Path config = Files.writeString(runDir.resolve("config.yml"), yaml("{type: simulator}",
          "{type: visionarena, visionarena: {hf_dataset_name: \"" + REPO + "\", hf_data_files: [\"*.parquet\"]}}"));
      try (ChildRun child = ChildRun.start(runDir.resolve("log.txt"), List.of(), List.of(), Map.of("HF_ENDPOINT",
          hub.endpoint(), "HF_HOME", dir.resolve("hf").toString(), "HF_HUB_OFFLINE", "0"), "-c", config.toString(),
          "--storage.local_storage.path", runDir.resolve("reports").toString())) {
        int code = child.awaitExit(120);
        String log = child.log();
        assertEquals(2, code, log);
        assertTrue(log.contains("data.visionarena.hf_data_files [*.parquet] match no file of the Hugging Face"
            + " dataset " + REPO) && log.contains("* stays within a folder"), log);
        child.assertNoStackTrace();
      }
    }
  }

  /** The bodies without the fields that differ from run to run. */
  private static List<String> strip(List<String> bodies) {
    List<String> out = new ArrayList<>();
    for (String body : bodies) out.add(body.replaceAll("\"stream_options\":\\{[^}]*}", ""));
    return out;
  }
}
