package io.inferenceperf.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.metrics.MediaParts;

/**
 * Checks and counts the media parts of a chat message (OpenAI forms): {@code image_url} and {@code video_url} with
 * {@code {"url": ...}} (a data URL is measured by its decoded size), {@code input_audio} with {@code {"data":
 * <base64>, "format": ...}}. The simulator does not decode the media; a malformed part is a 400, as a real server
 * answers it.
 */
final class MediaCounter {

  private long images;
  private long videos;
  private long audios;
  private long bytes;

  /** Counts {@code part} if it is media; what is wrong with it, or null. */
  String add(JsonNode part) {
    String type = part.path("type").asText("");
    switch (type) {
      case "image_url", "video_url" -> {
        JsonNode url = part.path(type).path("url");
        if (!url.isTextual() || url.asText().isEmpty()) {
          return "a '" + type + "' content part needs {\"" + type + "\": {\"url\": \"...\"}}";
        }
        bytes += dataUrlBytes(url.asText());
        if (type.equals("image_url")) images++;
        else videos++;
      }
      case "input_audio" -> {
        JsonNode data = part.path("input_audio").path("data");
        if (!data.isTextual() || !part.path("input_audio").path("format").isTextual()) {
          return "an 'input_audio' content part needs {\"input_audio\": {\"data\": \"<base64>\", \"format\":"
              + " \"wav\"}}";
        }
        bytes += base64Bytes(data.asText(), 0);
        audios++;
      }
      default -> { } // text and anything else: counted as text by the caller when it has a "text" field
    }
    return null;
  }

  MediaParts parts() {
    return new MediaParts(images, videos, audios, bytes);
  }

  /** Decoded size of a base64 data URL ("data:<mime>;base64,<payload>"), 0 for any other URL. */
  static long dataUrlBytes(String url) {
    int comma = url.indexOf(',');
    if (!url.startsWith("data:") || comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
      return 0;
    }
    return base64Bytes(url, comma + 1);
  }

  private static long base64Bytes(String text, int from) {
    int length = text.length() - from;
    int padding = 0;
    for (int i = text.length() - 1; i >= from && text.charAt(i) == '=' && padding < 2; i--) {
      padding++;
    }
    return Math.max(0, (long) length / 4 * 3 - padding);
  }
}
