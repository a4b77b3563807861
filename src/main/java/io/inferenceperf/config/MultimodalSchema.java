package io.inferenceperf.config;

import io.inferenceperf.config.SchemaKey.Default;
import io.inferenceperf.config.SchemaKey.Status;
import io.inferenceperf.config.Shape.Range;
import io.inferenceperf.config.Shape.Scalar;
import io.inferenceperf.config.Shape.ScalarType;
import io.inferenceperf.config.Shape.Section;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of {@code data.multimodal} (and {@code data.shared_prefix.multimodal}), part of {@link ConfigSchema}.
 * The union-typed keys (resolutions, profiles, durations) are free-form here and checked by
 * {@link MultimodalBinder}, which names the key and the accepted forms in each problem.
 */
final class MultimodalSchema {

  private MultimodalSchema() {}

  static Section section() {
    return new Section(List.of(
        optional("image", "Synthetic images: image_url parts with PNG or JPEG data URLs.", image()),
        optional("video", "Synthetic videos: an MP4 (H.264) video_url part, or one image_url part per frame.",
            video()),
        optional("audio", "Synthetic audio: input_audio parts with WAV (16-bit PCM mono, 16 kHz).", audio())));
  }

  private static Section image() {
    List<SchemaKey> keys = placement("images");
    keys.add(key("resolutions", new Shape.FreeForm(), Default.none(),
        "Image size: a preset (4k, 1080p, 720p, 360p), {height, width}, or a weighted list [{resolution: <preset"
            + " or {height, width}>, weight: 1.0}]. Absent: 512x512."));
    keys.add(key("representation", enumShape("png", "jpeg"), Default.of("png"),
        "Encoding of the image bytes: png (lossless) or jpeg (quality 75, smaller). (inference-perf's webp is"
            + " for passing dataset images through, never generated.)"));
    return new Section(keys);
  }

  private static Section video() {
    List<SchemaKey> keys = placement("videos");
    keys.add(key("profiles", new Shape.FreeForm(), Default.none(),
        "Video size and length: {resolution: <preset or {height, width}>, frames: N}, or a weighted list"
            + " [{profile: {resolution, frames}, weight: 1.0}]. Absent: 512x512, 10 frames."));
    keys.add(key("representation", enumShape("mp4", "png_frames", "jpeg_frames"), Default.of("mp4"),
        "mp4: one video_url part (H.264, 10 frames per second); png_frames / jpeg_frames: one image_url part per"
            + " frame, all at the video's insertion point."));
    return new Section(keys);
  }

  private static Section audio() {
    List<SchemaKey> keys = placement("audio clips");
    keys.add(key("durations", new Shape.FreeForm(), Default.none(),
        "Clip length in seconds: a number, or a weighted list [{duration: 2.5, weight: 1.0}]. Absent: 1.0."));
    return new Section(keys);
  }

  /** count and insertion_point, which every modality has. */
  private static List<SchemaKey> placement(String items) {
    List<SchemaKey> keys = new ArrayList<>();
    keys.add(optional("count", "Number of " + items + " per request (keys as data.input_distribution; e.g."
        + " {type: fixed, mean: 2, min: 2, max: 2}). Absent: none.", ConfigSchema.distribution()));
    keys.add(key("insertion_point",
        new Shape.ScalarOrSection(new Scalar(ScalarType.NUMBER, Range.between(0, 1), List.of(), List.of()),
            ConfigSchema.distribution()),
        Default.none(),
        "Where the " + items + " go in the prompt text: a fraction of its characters from 0 (before) to 1"
            + " (after), or a distribution clipped to [0, 1]. Absent: uniformly random per item."));
    return keys;
  }

  private static SchemaKey key(String name, Shape shape, Default dflt, String meaning) {
    return new SchemaKey(name, shape, dflt, Status.SUPPORTED, meaning);
  }

  private static SchemaKey optional(String name, String meaning, Section section) {
    return new SchemaKey(name, section, Default.none(), Status.SUPPORTED, meaning);
  }

  private static Scalar enumShape(String... choices) {
    return new Scalar(ScalarType.ENUM, Range.ANY, List.of(choices), List.of());
  }
}
