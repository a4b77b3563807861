package io.inferenceperf.config;

import java.util.List;
import java.util.Map;

/**
 * inference-perf's synthetic multimodal settings ({@code data.multimodal}, and {@code data.shared_prefix.multimodal}
 * for the media of the shared prefix). Each modality is null when absent; a modality without {@code count} adds no
 * items, as in inference-perf.
 *
 * @param image images, or null
 * @param video videos, or null
 * @param audio audio clips, or null
 */
public record MultimodalConfig(Image image, Video video, Audio audio) {

  /** The resolution presets inference-perf names, as width x height. */
  public static final Map<String, Resolution> PRESETS = Map.of(
      "4k", new Resolution(3840, 2160),
      "1080p", new Resolution(1920, 1080),
      "720p", new Resolution(1280, 720),
      "360p", new Resolution(640, 360));

  /** Image and video frame size when none is configured. */
  public static final Resolution DEFAULT_RESOLUTION = new Resolution(512, 512);
  public static final int DEFAULT_VIDEO_FRAMES = 10;
  public static final double DEFAULT_AUDIO_SECONDS = 1.0;

  /** Whether any modality can add an item to a request. */
  public boolean addsMedia() {
    return image != null && image.placement.count() != null
        || video != null && video.placement.count() != null
        || audio != null && audio.placement.count() != null;
  }

  public record Resolution(int width, int height) {
    @Override
    public String toString() {
      return width + "x" + height;
    }
  }

  /** One choice of a weighted list: picked with probability weight / sum of weights. */
  public record Weighted<T>(T value, double weight) {}

  /**
   * How many items of a modality a request gets and where they go in its text.
   *
   * @param count items per request (sample_from_distribution semantics), or null for none
   * @param insertionPoint a fixed point in [0, 1] (0 = before the text, 1 = after it), or null
   * @param insertionDistribution a distribution of points, clipped to [0, 1], or null; both null = uniform random
   */
  public record Placement(Distribution count, Double insertionPoint, Distribution insertionDistribution) {}

  public enum ImageFormat {
    PNG("png", "image/png"),
    JPEG("jpeg", "image/jpeg");

    public final String yamlName;
    public final String mimeType;

    ImageFormat(String yamlName, String mimeType) {
      this.yamlName = yamlName;
      this.mimeType = mimeType;
    }
  }

  /** mp4: one video_url part; png_frames / jpeg_frames: one image_url part per frame at one point. */
  public enum VideoFormat {
    MP4("mp4", null),
    PNG_FRAMES("png_frames", ImageFormat.PNG),
    JPEG_FRAMES("jpeg_frames", ImageFormat.JPEG);

    public final String yamlName;
    /** The encoding of each frame for the frame formats, null for mp4. */
    public final ImageFormat frameFormat;

    VideoFormat(String yamlName, ImageFormat frameFormat) {
      this.yamlName = yamlName;
      this.frameFormat = frameFormat;
    }
  }

  public record Image(Placement placement, List<Weighted<Resolution>> resolutions, ImageFormat format) {
    public Image {
      resolutions = List.copyOf(resolutions);
    }
  }

  public record VideoProfile(Resolution resolution, int frames) {}

  public record Video(Placement placement, List<Weighted<VideoProfile>> profiles, VideoFormat format) {
    public Video {
      profiles = List.copyOf(profiles);
    }
  }

  public record Audio(Placement placement, List<Weighted<Double>> durationsSeconds) {
    public Audio {
      durationsSeconds = List.copyOf(durationsSeconds);
    }
  }
}
