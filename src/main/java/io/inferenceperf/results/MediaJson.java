package io.inferenceperf.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.record.MediaStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's media in inference-perf's request_metrics shape: {@code "image": {"count": N, "instances":
 * [{"pixels", "bytes", "aspect_ratio"}]}} (video adds frames, audio has seconds and bytes), or null when the request
 * had none of that kind. Used by the per-request report file and the results file alike.
 */
public final class MediaJson {

  private MediaJson() {}

  /** Writes the image, video and audio fields into the object being written. */
  public static void writeFields(JsonGenerator json, MediaStats media) throws IOException {
    json.writeFieldName("image");
    if (media.images().isEmpty()) {
      json.writeNull();
    } else {
      start(json, media.images().size());
      for (MediaStats.Image image : media.images()) {
        json.writeStartObject();
        json.writeNumberField("pixels", image.pixels());
        json.writeNumberField("bytes", image.bytes());
        json.writeNumberField("aspect_ratio", image.aspectRatio());
        json.writeEndObject();
      }
      end(json);
    }
    json.writeFieldName("video");
    if (media.videos().isEmpty()) {
      json.writeNull();
    } else {
      start(json, media.videos().size());
      for (MediaStats.Video video : media.videos()) {
        json.writeStartObject();
        json.writeNumberField("pixels", video.pixels());
        json.writeNumberField("bytes", video.bytes());
        json.writeNumberField("aspect_ratio", video.aspectRatio());
        json.writeNumberField("frames", video.frames());
        json.writeEndObject();
      }
      end(json);
    }
    json.writeFieldName("audio");
    if (media.audios().isEmpty()) {
      json.writeNull();
    } else {
      start(json, media.audios().size());
      for (MediaStats.Audio audio : media.audios()) {
        json.writeStartObject();
        json.writeNumberField("bytes", audio.bytes());
        json.writeNumberField("seconds", audio.seconds());
        json.writeEndObject();
      }
      end(json);
    }
  }

  private static void start(JsonGenerator json, int count) throws IOException {
    json.writeStartObject();
    json.writeNumberField("count", count);
    json.writeArrayFieldStart("instances");
  }

  private static void end(JsonGenerator json) throws IOException {
    json.writeEndArray();
    json.writeEndObject();
  }

  /** The media written by {@link #writeFields} into {@code node} ({@link MediaStats#NONE} when none). */
  public static MediaStats read(JsonNode node) {
    if (node == null || !node.isObject()) return MediaStats.NONE;
    List<MediaStats.Image> images = new ArrayList<>();
    for (JsonNode i : instances(node, "image")) {
      images.add(new MediaStats.Image(i.path("pixels").asLong(), i.path("bytes").asLong(),
          i.path("aspect_ratio").asDouble()));
    }
    List<MediaStats.Video> videos = new ArrayList<>();
    for (JsonNode v : instances(node, "video")) {
      videos.add(new MediaStats.Video(v.path("frames").asInt(), v.path("pixels").asLong(), v.path("bytes").asLong(),
          v.path("aspect_ratio").asDouble()));
    }
    List<MediaStats.Audio> audios = new ArrayList<>();
    for (JsonNode a : instances(node, "audio")) {
      audios.add(new MediaStats.Audio(a.path("seconds").asDouble(), a.path("bytes").asLong()));
    }
    return images.isEmpty() && videos.isEmpty() && audios.isEmpty() ? MediaStats.NONE
        : new MediaStats(images, videos, audios);
  }

  private static Iterable<JsonNode> instances(JsonNode node, String kind) {
    JsonNode list = node.path(kind).path("instances");
    return list.isArray() ? list : List.of();
  }
}
