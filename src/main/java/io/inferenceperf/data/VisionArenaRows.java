package io.inferenceperf.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.media.ImageHeader;
import io.inferenceperf.record.MediaStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads one VisionArena-Chat record: the first user turn of {@code conversation} (a list of turns, each a message
 * {role, content} or, as the dataset stores it, a one-message list) and the first max_images_per_request of
 * {@code images}. An image is {@code {"bytes": ...}} (base64, a data URL, or a list of byte values) or
 * {@code {"path": ...}} (a file, relative to the dataset file's folder); from a Parquet file, the bytes as they are. JPEG, PNG and WEBP bytes are sent as they
 * are, as inference-perf sends them; other formats and unreadable images are skipped. A record is usable with a
 * prompt and at least one image left.
 */
public final class VisionArenaRows {

  /** The largest image kept: far above real photos (VisionArena's are at most a few MiB). */
  public static final int MAX_IMAGE_BYTES = 16 << 20;

  /** One image as sent: its data URL and what it measures. */
  record Image(String dataUrl, MediaStats.Image stats) {}

  /** One usable record: the prompt text and its images in row order. */
  record Entry(String prompt, List<Image> images) {
    Entry {
      images = List.copyOf(images);
    }
  }

  /** The entry, or why the record is not usable (and, for images, why each one was skipped). */
  record Parsed(Entry entry, String rejection, List<String> skippedImages) {}

  private VisionArenaRows() {}

  /**
   * The usable records in one visionarena file (.parquet, .json or .jsonl), counted up to {@code wanted}.
   *
   * @throws IOException with a message naming the file and what is wrong with it
   */
  public static int usableRows(Path file, int wanted, int maxImages) throws IOException {
    return VisionArenaFiles.read(List.of(file), wanted, maxImages).entries().size();
  }

  /** Whether data.path's visionarena reader reads files with this name (.parquet, .json, .jsonl). */
  public static boolean readableFile(Path file) {
    return VisionArenaFiles.readable(file);
  }

  /** The text of the first user turn with text, or null. */
  public static String firstUserPrompt(JsonNode conversation) {
    if (conversation == null || !conversation.isArray()) return null;
    for (JsonNode turn : conversation) {
      for (JsonNode message : turn.isArray() ? turn : List.of(turn)) {
        if ("user".equals(message.path("role").asText(null))) {
          String text = text(message.get("content"));
          if (text != null && !text.isBlank()) return text;
        }
      }
    }
    return null;
  }

  /** A string content, or the text parts of a content list joined by newlines. */
  private static String text(JsonNode content) {
    if (content == null) return null;
    if (content.isTextual()) return content.asText();
    if (!content.isArray()) return null;
    List<String> texts = new ArrayList<>();
    for (JsonNode part : content) {
      if (part.path("text").isTextual()) texts.add(part.path("text").asText());
    }
    return texts.isEmpty() ? null : String.join("\n", texts);
  }

  static Parsed parse(JsonNode record, int maxImages, Path folder) {
    if (record == null || !record.isObject()) {
      return rejected("is not a JSON object", List.of());
    }
    String prompt = firstUserPrompt(record.get("conversation"));
    if (prompt == null) {
      return rejected(record.has("conversation") ? "has no user turn with text in \"conversation\""
          : "has no \"conversation\" list", List.of());
    }
    JsonNode images = record.get("images");
    if (images == null || !images.isArray() || images.isEmpty()) {
      return rejected("has no \"images\" list (or it is empty)", List.of());
    }
    List<Image> kept = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (int i = 0; i < Math.min(maxImages, images.size()); i++) {
      String problem = image(images.get(i), folder, kept);
      if (problem != null) skipped.add("image " + i + " " + problem);
    }
    if (kept.isEmpty()) {
      return rejected("has no usable image among its first " + Math.min(maxImages, images.size()) + " ("
          + String.join("; ", skipped) + ")", skipped);
    }
    return new Parsed(new Entry(prompt, kept), null, skipped);
  }

  private static Parsed rejected(String why, List<String> skipped) {
    return new Parsed(null, why, skipped);
  }

  /** Adds the image to {@code kept}, or says why it is skipped. */
  private static String image(JsonNode node, Path folder, List<Image> kept) {
    byte[] bytes;
    try {
      bytes = bytes(node, folder);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    if (bytes == null) {
      return "has neither \"bytes\" nor \"path\"";
    }
    if (bytes.length > MAX_IMAGE_BYTES) {
      return "is " + bytes.length + " bytes, over the limit of " + MAX_IMAGE_BYTES;
    }
    String problem = passThroughProblem(bytes);
    if (problem != null) {
      return problem;
    }
    ImageHeader header = ImageHeader.read(bytes);
    kept.add(new Image("data:" + header.mimeType() + ";base64," + Base64.getEncoder().encodeToString(bytes),
        new MediaStats.Image((long) header.width() * header.height(), bytes.length,
            (double) header.width() / header.height())));
    return null;
  }

  /** Why these bytes are not sent as they are (not JPEG, PNG or WEBP, or no size in the header), or null. */
  public static String passThroughProblem(byte[] bytes) {
    ImageHeader header = ImageHeader.read(bytes);
    if (header == null) {
      return "is not an image (JPEG, PNG or WEBP expected)";
    }
    if (header.mimeType() == null) {
      return "is " + header.format() + ", which is not sent (only JPEG, PNG and WEBP pass through)";
    }
    if (!header.passesThrough()) {
      return "is a " + header.format() + " whose header gives no size (cut short?)";
    }
    return null;
  }

  private static byte[] bytes(JsonNode node, Path folder) {
    if (node.isTextual()) {
      return base64(node.asText());
    }
    JsonNode bytes = node.get("bytes");
    if (bytes != null && bytes.isBinary()) { // from a Parquet file
      try {
        return bytes.binaryValue();
      } catch (IOException e) {
        throw new IllegalArgumentException("has unreadable \"bytes\" (" + e.getMessage() + ")");
      }
    }
    if (bytes != null && bytes.isTextual()) {
      return base64(bytes.asText());
    }
    if (bytes != null && bytes.isArray()) {
      byte[] out = new byte[bytes.size()];
      for (int i = 0; i < out.length; i++) {
        int value = bytes.get(i).asInt(-1);
        if (value < 0 || value > 255 || !bytes.get(i).isIntegralNumber()) {
          throw new IllegalArgumentException("has \"bytes\" with " + bytes.get(i) + " at " + i
              + ", not a byte value 0..255");
        }
        out[i] = (byte) value;
      }
      return out;
    }
    JsonNode path = node.get("path");
    if (path != null && path.isTextual() && folder != null) {
      return file(folder.resolve(path.asText()));
    }
    return null;
  }

  private static byte[] base64(String text) {
    String data = text.startsWith("data:") && text.indexOf(',') > 0 ? text.substring(text.indexOf(',') + 1) : text;
    try {
      return Base64.getMimeDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("has \"bytes\" that are not base64 (" + e.getMessage() + ")");
    }
  }

  private static byte[] file(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("names the file " + file + ", which does not exist");
      }
      if (Files.size(file) > MAX_IMAGE_BYTES) {
        throw new IllegalArgumentException("names the file " + file + " of " + Files.size(file)
            + " bytes, over the limit of " + MAX_IMAGE_BYTES);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("names the file " + file + ", which cannot be read (" + e + ")");
    }
  }
}
