package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.VisionArenaConfig;
import io.inferenceperf.tokenizer.FakeVisionArenaViewer;
import io.inferenceperf.tokenizer.FakeVisionArenaViewer.Row;
import io.inferenceperf.tokenizer.HubDatasetRows;
import io.inferenceperf.tokenizer.TokenizerLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VisionArena rows from a dataset viewer stand-in on 127.0.0.1: what is kept (rows with a prompt and a JPEG, PNG or
 * WEBP image, the bytes saved in data.path's format), what is skipped and said (404, GIF, over 16 MiB, no user
 * turn), num_rows, the cache, and offline without it.
 */
class VisionArenaHubTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static VisionArenaConfig settings(int numRows, int maxImages) {
    return new VisionArenaConfig(FakeVisionArenaViewer.DATASET, "train", numRows, maxImages, 0.0, null);
  }

  private HubDatasetRows rows(FakeVisionArenaViewer viewer, String offline) {
    return HubDatasetRows.from(Map.of("HF_DATASETS_SERVER", viewer == null ? "http://127.0.0.1:9" : viewer.endpoint(),
        "HF_HOME", dir.resolve("hf").toString(), "HF_HUB_OFFLINE", offline), dir, null);
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) lines.add(JSON.readTree(line));
    return lines;
  }

  @Test
  void usableRowsAreSavedWithTheirImageBytesAndTheRestIsSummedUp() throws Exception {
    try (FakeVisionArenaViewer viewer = new FakeVisionArenaViewer()) {
      VisionArenaHub.Result result = VisionArenaHub.fetch(rows(viewer, "0"), settings(50, 1), Duration.ofSeconds(30));
      assertFalse(result.fetched().fromCache());
      List<JsonNode> saved = lines(result.fetched().file());
      assertEquals(FakeVisionArenaViewer.USABLE.size(), saved.size());
      for (int i = 0; i < saved.size(); i++) {
        Row expected = FakeVisionArenaViewer.USABLE.get(i);
        assertEquals(expected.prompt(), saved.get(i).at("/conversation/0/0/content").asText());
        assertEquals(1, saved.get(i).get("images").size());
        assertArrayEquals(FakeVisionArenaViewer.ASSETS.get(expected.images().get(0)),
            Base64.getDecoder().decode(saved.get(i).at("/images/0/bytes").asText()));
      }
      assertEquals("3 rows skipped: 2 without a usable image (the first: row 2), 1 without a user turn with text (the"
          + " first: row 5); 2 images skipped: 1 answered HTTP 404 (the first: " + viewer.endpoint()
          + "/assets/missing.png?Expires=1&Signature=x), 1 is GIF, which is not sent (only JPEG, PNG and WEBP pass"
          + " through) (the first: " + viewer.endpoint() + "/assets/anim.gif?Expires=1&Signature=x)", result.skipped());

      long assets = viewer.assetRequests();
      VisionArenaHub.Result again = VisionArenaHub.fetch(rows(viewer, "0"), settings(50, 1), Duration.ofSeconds(30));
      assertTrue(again.fetched().fromCache());
      assertEquals(result.fetched().file(), again.fetched().file());
      assertEquals(assets, viewer.assetRequests(), "the cache needs no download");
    }
  }

  @Test
  void numRowsStopsTheDownloadAndMaxImagesTakesTheFirstImages() throws Exception {
    List<Row> rows = List.of(new Row("one", List.of("red.png", "blue.jpg", "sign.webp")), new Row("two",
        List.of("anim.gif", "green.png")), new Row("three", List.of("red.png")), new Row("four", List.of("red.png")));
    try (FakeVisionArenaViewer viewer = new FakeVisionArenaViewer(rows)) {
      VisionArenaHub.Result result = VisionArenaHub.fetch(rows(viewer, "0"), settings(2, 2), Duration.ofSeconds(30));
      List<JsonNode> saved = lines(result.fetched().file());
      assertEquals(List.of("one", "two"), saved.stream().map(r -> r.at("/conversation/0/0/content").asText()).toList());
      assertEquals(2, saved.get(0).get("images").size(), "the first two of three");
      assertEquals(1, saved.get(1).get("images").size(), "the GIF skipped, the PNG kept");
      assertEquals(4, viewer.assetRequests(), "rows three and four were not asked for: " + viewer.queries);
      assertTrue(result.fetched().file().getFileName().toString().equals("train-visionarena-2-rows-2-images.jsonl"),
          result.fetched().file().toString());
    }
  }

  @Test
  void anImageOverTheLimitIsSkippedAndNoUsableRowIsAnError() throws Exception {
    try (FakeVisionArenaViewer viewer = new FakeVisionArenaViewer(List.of(new Row("big",
        List.of(FakeVisionArenaViewer.HUGE)), new Row("gone", List.of("missing.png"))))) {
      TokenizerLoadException e = assertThrows(TokenizerLoadException.class,
          () -> VisionArenaHub.fetch(rows(viewer, "0"), settings(10, 1), Duration.ofSeconds(30)));
      assertTrue(e.getMessage().contains("returned no usable rows of " + FakeVisionArenaViewer.DATASET)
          && e.getMessage().contains("is over the limit of 16777216 bytes")
          && e.getMessage().contains("answered HTTP 404") && e.getMessage().contains("set data.path"), e.getMessage());
      try (var files = Files.walk(dir.resolve("hf"))) {
        assertTrue(files.noneMatch(p -> p.toString().endsWith(".jsonl")), "no cache file is left");
      }
    }
  }

  @Test
  void offlineWithoutTheCacheNamesTheCacheFileAndDataPath() {
    TokenizerLoadException e = assertThrows(TokenizerLoadException.class,
        () -> VisionArenaHub.fetch(rows(null, "1"), settings(10, 1), Duration.ofSeconds(30)));
    assertTrue(e.getMessage().contains("HF_HUB_OFFLINE is set") && e.getMessage().contains(
        "train-visionarena-10-rows-1-images.jsonl") && e.getMessage().contains("data.path"), e.getMessage());
  }
}
