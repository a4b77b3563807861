package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.Distribution;
import io.inferenceperf.config.VisionArenaConfig;
import io.inferenceperf.data.parquet.ParquetTestWriter;
import io.inferenceperf.media.TestImages;
import io.inferenceperf.record.MediaStats;
import io.inferenceperf.tokenizer.ApproximateTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * data.type visionarena from local files: which prompt a conversation gives, which images are sent (JPEG, PNG and
 * WEBP as they are; others skipped), where they go in the text, how the pool cycles, and what bad files say.
 */
class VisionArenaDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PNG = TestImages.png(16, 8, 0xC81E1E);
  private static final byte[] JPEG = TestImages.jpeg(30, 10, 0x1E1EC8);
  private static final byte[] WEBP = TestImages.webpLossy(40, 20);
  private static final byte[] GIF = TestImages.gif(10, 10, 0x010203);

  @TempDir Path dir;

  private static VisionArenaConfig settings(int numRows, int maxImages, Double point, Distribution points) {
    return new VisionArenaConfig("lmarena-ai/VisionArena-Chat", "train", numRows, maxImages, point, points);
  }

  private static ObjectNode row(String prompt, byte[]... images) {
    ObjectNode row = JSON.createObjectNode();
    row.putArray("conversation").addArray().addObject().put("role", "user").put("content", prompt);
    ArrayNode list = row.putArray("images");
    for (byte[] image : images) list.addObject().put("bytes", Base64.getEncoder().encodeToString(image));
    return row;
  }

  private Path jsonl(Object... records) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (Object record : records) lines.append(record instanceof String s ? s : JSON.writeValueAsString(record))
        .append('\n');
    return Files.writeString(dir.resolve("rows-" + records.length + "-" + System.nanoTime() + ".jsonl"), lines);
  }

  private static DataGeneratorResult create(ApiType api, Path path, VisionArenaConfig settings) {
    DataConfig data = new DataConfig(DataType.VISIONARENA, path.toString(), null, null, null, false, null, null, null,
        null, settings, null, null);
    return DataGenerators.create(TestConfigs.config(api, data, 7), ApproximateTokenizer.instance());
  }

  private static DataGenerator generator(Path path, VisionArenaConfig settings) {
    DataGeneratorResult result = create(ApiType.CHAT, path, settings);
    return assertInstanceOf(DataGeneratorResult.Ready.class, result, result.toString()).generator();
  }

  private static String problem(Path path, VisionArenaConfig settings) {
    DataGeneratorResult result = create(ApiType.CHAT, path, settings);
    String text = String.join("\n", assertInstanceOf(DataGeneratorResult.Invalid.class, result).problems());
    assertTrue(!text.contains("\tat ") && !text.contains("Exception"), "no stack trace: " + text);
    return text;
  }

  /** The images of a prompt's content parts, decoded from their data URLs, with their MIME types. */
  private record Sent(String mime, byte[] bytes) {}

  private static List<Sent> images(Prompt prompt) {
    List<Sent> sent = new ArrayList<>();
    for (ContentPart part : prompt.media().parts()) {
      if (part instanceof ContentPart.ImageUrl(String url)) {
        sent.add(new Sent(url.substring(5, url.indexOf(';')),
            Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
      }
    }
    return sent;
  }

  @Test
  void thePromptIsTheFirstUserTurnWhetherTurnsAreNestedOrFlat() throws IOException {
    ObjectNode flat = row("unused", PNG);
    flat.putArray("conversation").addObject().put("role", "user").put("content", "flat question");
    ObjectNode assistantFirst = row("unused", PNG);
    ArrayNode turns = assistantFirst.putArray("conversation");
    turns.addArray().addObject().put("role", "assistant").put("content", "hello");
    turns.addArray().addObject().put("role", "user").put("content", "  ");
    turns.addArray().addObject().put("role", "user").put("content", "second user turn");
    turns.addArray().addObject().put("role", "user").put("content", "third user turn");
    ObjectNode parts = row("unused", PNG);
    ArrayNode content = parts.putArray("conversation").addArray().addObject().put("role", "user")
        .putArray("content");
    content.addObject().put("type", "text").put("text", "line one");
    content.addObject().put("type", "image");
    content.addObject().put("type", "text").put("text", "line two");
    DataGenerator data = generator(jsonl(row("nested question", PNG), flat, assistantFirst, parts),
        settings(10, 1, 1.0, null));
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < 4; i++) prompts.add(data.prompt(0, i).text());
    assertEquals(List.of("nested question", "flat question", "second user turn", "line one\nline two"), prompts);
    assertEquals(List.of(new ContentPart.Text("nested question")), data.prompt(0, 0).media().parts().subList(0, 1));
    assertEquals(0, data.prompt(0, 0).maxTokens(), "max_tokens is the API's default");
  }

  @Test
  void jpegPngAndWebpAreSentAsTheyAreAndOtherFormatsSkipped() throws IOException {
    DataGenerator data = generator(jsonl(row("png", PNG), row("jpeg", JPEG), row("webp", WEBP), row("gif only", GIF),
        row("gif then png", GIF, PNG), row("bmp", TestImages.bmp(4, 4, 0))), settings(10, 2, 0.0, null));
    assertEquals(List.of("png", "jpeg", "webp", "gif then png", "png"),
        List.of(0, 1, 2, 3, 4).stream().map(i -> data.prompt(0, i).text()).toList(), "gif-only and bmp rows dropped");
    String[] mimes = {"image/png", "image/jpeg", "image/webp", "image/png"};
    byte[][] bytes = {PNG, JPEG, WEBP, PNG};
    for (int i = 0; i < 4; i++) {
      List<Sent> sent = images(data.prompt(0, i));
      assertEquals(1, sent.size(), "row " + i);
      assertEquals(mimes[i], sent.get(0).mime());
      assertArrayEquals(bytes[i], sent.get(0).bytes(), "the stored bytes, not re-encoded");
    }
    MediaStats stats = data.prompt(0, 1).media().stats();
    assertEquals(List.of(new MediaStats.Image(300, JPEG.length, 3.0)), stats.images());
    assertTrue(data.describe().contains("4 rows"), data.describe());
  }

  @Test
  void imagesMayBeBase64ADataUrlByteValuesOrAFileNextToTheDataset() throws IOException {
    Files.write(dir.resolve("picture.jpg"), JPEG);
    ObjectNode row = JSON.createObjectNode();
    row.putArray("conversation").addObject().put("role", "user").put("content", "four ways");
    ArrayNode list = row.putArray("images");
    list.addObject().put("bytes", "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
    ArrayNode values = list.addObject().putArray("bytes");
    for (byte b : WEBP) values.add(b & 0xFF);
    list.addObject().put("path", "picture.jpg");
    list.add(Base64.getMimeEncoder().encodeToString(PNG));
    List<Sent> sent = images(generator(jsonl(row), settings(1, 4, 0.5, null)).prompt(0, 0));
    assertEquals(List.of("image/png", "image/webp", "image/jpeg", "image/png"), sent.stream().map(Sent::mime).toList());
    assertArrayEquals(WEBP, sent.get(1).bytes());
    assertArrayEquals(JPEG, sent.get(2).bytes());
    assertArrayEquals(PNG, sent.get(3).bytes());
  }

  @Test
  void maxImagesPerRequestTakesTheFirstImagesAndNumRowsCapsThePool() throws IOException {
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) rows.add(row("prompt " + i, PNG, JPEG, WEBP));
    DataGenerator data = generator(jsonl(rows.toArray()), settings(2, 2, 0.0, null));
    assertEquals(List.of("image/png", "image/jpeg"), images(data.prompt(0, 0)).stream().map(Sent::mime).toList());
    assertEquals(List.of("prompt 0", "prompt 1", "prompt 0", "prompt 1"),
        List.of(0, 1, 2, 3).stream().map(i -> data.prompt(0, i).text()).toList(), "request i sends row i mod 2");
    assertEquals("prompt 1", data.prompt(3, 1_000_001).text(), "every stage cycles the same pool");
  }

  @Test
  void imagesGoAtTheInsertionPoint() throws IOException {
    Path file = jsonl(row("abcdefgh", PNG, JPEG));
    assertEquals(List.of("image_url", "image_url", "abcdefgh"), shape(generator(file, settings(1, 2, 0.0, null))));
    assertEquals(List.of("abcdefgh", "image_url", "image_url"), shape(generator(file, settings(1, 2, 1.0, null))));
    assertEquals(List.of("abcd", "image_url", "image_url", "efgh"), shape(generator(file, settings(1, 2, 0.5, null))));
    Distribution uniform = TestConfigs.of(Distribution.Type.UNIFORM, 0, 1, 0.5, 0.3);
    DataGenerator drawn = generator(file, settings(1, 1, null, uniform));
    Set<List<String>> shapes = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      assertEquals(drawn.prompt(1, i), drawn.prompt(1, i), "a request's points repeat");
      shapes.add(shape(drawn, 1, i));
    }
    assertEquals(Set.of(List.of("image_url", "abcdefgh"), List.of("abcdefgh", "image_url")), shapes,
        "drawn per request (rounded like a count, as inference-perf samples it)");
  }

  private static List<String> shape(DataGenerator data) {
    return shape(data, 0, 0);
  }

  private static List<String> shape(DataGenerator data, int stage, long index) {
    return data.prompt(stage, index).media().parts().stream()
        .map(p -> p instanceof ContentPart.Text(String t) ? t : "image_url").toList();
  }

  @Test
  void badRecordsAreLeftOutAndAFileWithNoneUsableSaysWhy() throws IOException {
    ObjectNode noImages = row("no images");
    ObjectNode badBase64 = JSON.createObjectNode();
    badBase64.putArray("conversation").addObject().put("role", "user").put("content", "bad");
    badBase64.putArray("images").addObject().put("bytes", "***not base64***");
    ObjectNode assistantOnly = row("x", PNG);
    assistantOnly.putArray("conversation").addObject().put("role", "assistant").put("content", "hi");
    DataGenerator data = generator(jsonl("[1, 2]", noImages, badBase64, assistantOnly, row("good", PNG)),
        settings(10, 1, 0.0, null));
    assertEquals("good", data.prompt(0, 7).text());

    String none = problem(jsonl(noImages, row("gif", GIF)), settings(10, 1, 0.0, null));
    assertTrue(none.contains("none of the 2 records") && none.contains("line 1 (record 1) has no \"images\" list"),
        none);
    String gif = problem(jsonl(row("gif", GIF)), settings(10, 1, 0.0, null));
    assertTrue(gif.contains("is GIF, which is not sent (only JPEG, PNG and WEBP pass through)"), gif);
  }

  @Test
  void unusableFilesAreProblemsNamingTheFileAndTheFix() throws IOException {
    VisionArenaConfig s = settings(10, 1, 0.0, null);
    String missing = problem(dir.resolve("absent.jsonl"), s);
    assertTrue(missing.contains("absent.jsonl does not exist") && missing.contains("hf_dataset_name"), missing);
    String empty = problem(Files.writeString(dir.resolve("empty.jsonl"), ""), s);
    assertTrue(empty.contains("empty.jsonl is empty"), empty);
    String parquet = problem(Files.write(dir.resolve("train.parquet"), new byte[] {'P', 'A', 'R', '1'}), s);
    assertTrue(parquet.contains("train.parquet is not a Parquet file") && parquet.contains("Parquet files with the"
        + " columns conversation and images"), parquet);
    String notJson = problem(jsonl(row("ok", PNG), "{\"conversation\": oops}"), s);
    assertTrue(notJson.contains("line 2, column") && notJson.contains("not JSON"), notJson);
    String cut = problem(Files.writeString(dir.resolve("cut.json"), "[" + JSON.writeValueAsString(row("a", PNG))
        + ", {\"conversation\": [[{\"role\": \"us"), s);
    assertTrue(cut.contains("cut.json line 1") && cut.contains("cut short"), cut);
  }

  @Test
  void aJsonArrayAndAFolderOfFilesAreReadInOrder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("folder"));
    Files.writeString(folder.resolve("b.jsonl"), JSON.writeValueAsString(row("third", JPEG)) + "\n");
    Files.writeString(folder.resolve("a.json"), JSON.writeValueAsString(List.of(row("first", PNG),
        row("second", WEBP))));
    DataGenerator data = generator(folder, settings(10, 1, 0.0, null));
    assertEquals(List.of("first", "second", "third"), List.of(0, 1, 2).stream().map(i -> data.prompt(0, i).text())
        .toList());
  }

  /** A visionarena row as the Hub's Parquet files hold it: nested conversation turns, images as {bytes, path}. */
  private static Map<String, Object> parquetRow(String prompt, byte[]... images) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "user");
    message.put("content", prompt);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("role", "assistant");
    answer.put("content", "an answer");
    List<Map<String, Object>> list = new ArrayList<>();
    for (byte[] image : images) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("bytes", image);
      entry.put("path", null);
      list.add(entry);
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("question_id", 1L);
    row.put("conversation", List.of(List.of(message), List.of(answer)));
    row.put("images", list);
    return row;
  }

  @Test
  void parquetFilesAndFoldersAreReadLikeTheHubStoresThem() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("parquet"));
    ParquetTestWriter.write(folder.resolve("train-00000.parquet"), ParquetTestWriter.visionArenaSchema(),
        List.of(parquetRow("first", PNG), parquetRow("no image"), parquetRow("second", GIF, JPEG)), 2, false);
    ParquetTestWriter.write(folder.resolve("train-00001.parquet"), ParquetTestWriter.visionArenaSchema(),
        List.of(parquetRow("third", WEBP)), 1, true);
    DataGenerator data = generator(folder, settings(10, 2, 0.0, null));
    assertEquals(List.of("first", "second", "third"), List.of(0, 1, 2).stream().map(i -> data.prompt(0, i).text())
        .toList());
    assertArrayEquals(PNG, images(data.prompt(0, 0)).get(0).bytes());
    assertEquals(List.of("image/jpeg"), images(data.prompt(0, 1)).stream().map(Sent::mime).toList());
    assertArrayEquals(WEBP, images(data.prompt(0, 2)).get(0).bytes());
    assertTrue(data.describe().contains("3 rows"), data.describe());
    DataGenerator one = generator(folder.resolve("train-00001.parquet"), settings(10, 1, 0.0, null));
    assertEquals("third", one.prompt(0, 5).text());
  }

  @Test
  void damagedOrForeignParquetFilesAreProblemsNamingTheFile() throws IOException {
    VisionArenaConfig s = settings(10, 1, 0.0, null);
    Path good = dir.resolve("good.parquet");
    ParquetTestWriter.write(good, ParquetTestWriter.visionArenaSchema(), List.of(parquetRow("a", PNG)), 1, false);
    byte[] bytes = Files.readAllBytes(good);
    Path cut = Files.write(dir.resolve("cut.parquet"), java.util.Arrays.copyOf(bytes, bytes.length - 3));
    String cutShort = problem(cut, s);
    assertTrue(cutShort.contains("cut.parquet is not a complete Parquet file") && cutShort.contains("cut short"),
        cutShort);
    String foreign = problem(Path.of("src/test/resources/parquet/apache/alltypes_plain.parquet"), s);
    assertTrue(foreign.contains("alltypes_plain.parquet has the Parquet columns [id, bool_col")
        && foreign.contains("not conversation and images"), foreign);
  }

  @Test
  void onlyTheChatApiCarriesImages() throws IOException {
    DataGeneratorResult completion = create(ApiType.COMPLETION, jsonl(row("a", PNG)), settings(1, 1, 0.0, null));
    String text = String.join("\n", assertInstanceOf(DataGeneratorResult.Invalid.class, completion).problems());
    assertTrue(text.contains("needs api.type chat") && text.contains("set api.type: chat"), text);
    DataGeneratorResult anthropic = create(ApiType.ANTHROPIC_MESSAGES, jsonl(row("a", PNG)), settings(1, 1, 0.0,
        null));
    assertInstanceOf(DataGeneratorResult.Invalid.class, anthropic);
  }
}
