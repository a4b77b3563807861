package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.e2e.SentRequests.Sent;
import io.inferenceperf.media.TestImages;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.metrics.MediaParts;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.tokenizer.FakeVisionArenaViewer;
import io.inferenceperf.tokenizer.RealTokenizers;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * data.type visionarena through the whole tool over real HTTP against the simulator: from a local JSONL file (the
 * images read back from the per-request bodies and decoded with ImageIO, byte for byte the file's, at the
 * insertion point, measured in the reports and counted by the server), and from a dataset viewer stand-in on
 * 127.0.0.1 in a child JVM (the Hub settings are environment variables): rows and images downloaded once, the
 * unusable ones skipped, and a second run offline from the cache sends the same bodies.
 */
class VisionArenaEndToEndTest {
  private static final int REQUESTS = 6;

  @TempDir Path dir;

  private static final byte[] PNG = TestImages.png(48, 32, 0x8040C0);
  private static final byte[] JPEG = TestImages.jpeg(64, 40, 0x40C080);

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

  private Path dataset() throws Exception {
    StringBuilder lines = new StringBuilder();
    String[][] rows = {{"Which animal is shown here?", "png"}, {"Summarise the table.", "jpeg"}};
    for (String[] row : rows) {
      ObjectNode record = CliRunner.JSON.createObjectNode();
      record.putArray("conversation").addArray().addObject().put("role", "user").put("content", row[0]);
      ArrayNode images = record.putArray("images");
      images.addObject().put("bytes", Base64.getEncoder().encodeToString(row[1].equals("png") ? PNG : JPEG));
      images.addObject().put("bytes", Base64.getEncoder().encodeToString(TestImages.gif(4, 4, 0)));
      lines.append(CliRunner.JSON.writeValueAsString(record)).append('\n');
    }
    return Files.writeString(dir.resolve("visionarena.jsonl"), lines);
  }

  @Test
  void localRowsAreSentWithTheirImagesAsStoredAndMeasured() throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 2,
        "itl_ms", 0.5, "model", "vlm")).orThrow())) {
      String data = "{type: visionarena, path: \"" + dataset() + "\", visionarena: {num_rows: 10,"
          + " max_images_per_request: 2, insertion_point: 1.0}}";
      CliRunner.Result run = CliRunner.run(dir.resolve("local"), yaml("{type: vllm, base_url: " + sim.baseUrl()
          + "}", data));
      SentRequests sent = SentRequests.of(run);
      assertEquals(REQUESTS, sent.requests().size());
      long bytes = 0;
      for (Sent s : sent.requests()) {
        boolean png = s.index() % 2 == 0;
        JsonNode content = s.body().at("/messages/0/content");
        assertEquals(2, content.size(), "text, then the one usable image (insertion point 1.0): " + content);
        assertEquals(png ? "Which animal is shown here?" : "Summarise the table.", content.get(0).get("text").asText());
        String url = content.get(1).at("/image_url/url").asText();
        assertTrue(url.startsWith(png ? "data:image/png;base64," : "data:image/jpeg;base64,"), url.substring(0, 30));
        byte[] image = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
        assertArrayEquals(png ? PNG : JPEG, image, "the stored bytes, not re-encoded");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
        assertNotNull(decoded);
        assertEquals(png ? 48 : 64, decoded.getWidth());
        assertEquals(png ? 32 : 40, decoded.getHeight());
        assertEquals(30, s.maxTokens(), "the API's default max_tokens, as inference-perf");
        JsonNode metrics = s.entry().at("/info/request_metrics/image");
        assertEquals(1, metrics.get("count").asInt(), metrics.toString());
        assertEquals(png ? 48 * 32 : 64 * 40, metrics.at("/instances/0/pixels").asLong());
        assertEquals(image.length, metrics.at("/instances/0/bytes").asLong());
        bytes += image.length;
      }
      assertEquals(new MediaParts(REQUESTS, 0, 0, bytes), sim.truth().snapshot().media(),
          "the server received what the client reports");
      JsonNode successes = run.json("summary_lifecycle_metrics.json").get("successes");
      assertEquals(1.0, successes.at("/image/count/mean").asDouble(), successes.toString());
      assertEquals(64.0 * 40, successes.at("/image/pixels/max").asDouble());
    }
  }

  @Test
  void theCompletionApiIsAConfigErrorBeforeAnythingIsSent() throws Exception {
    CliRunner.Result run = CliRunner.run(dir.resolve("completion"), yaml("{type: vllm, base_url:"
        + " \"http://127.0.0.1:9\"}", "{type: visionarena, path: \"" + dataset() + "\"}").replace("type: chat",
        "type: completion"));
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("api.type: data.type visionarena sends images as chat content parts, so it needs"
        + " api.type chat (got completion); set api.type: chat"), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
  }

  private SentRequests childRun(String name, Map<String, String> env, String logLine) throws Exception {
    Path runDir = Files.createDirectories(dir.resolve(name));
    Path config = Files.writeString(runDir.resolve("config.yml"), yaml("{type: simulator}",
        "{type: visionarena, visionarena: {num_rows: 50, insertion_point: 0.0}}")
        + "simulator: {profile: fixed, ttft_ms: 2, itl_ms: 0.5}\n");
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
  void hubRowsAreDownloadedWithTheirImagesOnceAndReadFromTheCacheOffline() throws Exception {
    Map<String, String> env;
    List<String> bodies;
    try (FakeVisionArenaViewer viewer = new FakeVisionArenaViewer()) {
      env = Map.of("HF_DATASETS_SERVER", viewer.endpoint(), "HF_HOME", dir.resolve("hf").toString(),
          "HF_HUB_OFFLINE", "0", "HF_DATASETS_OFFLINE", "0");
      SentRequests sent = childRun("first", env, "data.type visionarena: 4 rows with their images downloaded to");
      assertEquals(REQUESTS, sent.requests().size());
      for (Sent s : sent.requests()) {
        FakeVisionArenaViewer.Row row = FakeVisionArenaViewer.USABLE.get((int) (s.index() % 4));
        JsonNode content = s.body().at("/messages/0/content");
        assertEquals(2, content.size(), content.toString());
        String url = content.get(0).at("/image_url/url").asText();
        assertArrayEquals(FakeVisionArenaViewer.ASSETS.get(row.images().get(0)),
            Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)), "request " + s.index());
        assertEquals(row.prompt(), content.get(1).get("text").asText(), "the image before the text (0.0)");
      }
      assertEquals(1, viewer.queries.stream().filter(q -> q.startsWith("/rows")).count(), viewer.queries.toString());
      assertEquals(6, viewer.assetRequests(), "rows 0-4 and 6 each fetch their first image: " + viewer.queries);
      bodies = sent.bodies();
    }
    Map<String, String> offline = new HashMap<>(env);
    offline.put("HF_HUB_OFFLINE", "1");
    SentRequests again = childRun("again", offline, "data.type visionarena: 4 rows from the cache");
    assertEquals(strip(bodies), strip(again.bodies()), "the same requests from the cache");
  }

  /** The bodies without the fields that differ from run to run. */
  private static List<String> strip(List<String> bodies) {
    List<String> out = new ArrayList<>();
    for (String body : bodies) out.add(body.replaceAll("\"stream_options\":\\{[^}]*}", ""));
    return out;
  }
}
