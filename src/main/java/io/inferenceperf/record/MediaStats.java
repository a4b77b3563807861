package io.inferenceperf.record;

import java.util.List;

/**
 * The media one request carried, as sent (inference-perf's realised per-instance metrics): per image its pixels,
 * encoded bytes and aspect ratio (width / height); per video its frames, pixels of one frame, encoded bytes (all
 * frames for the frame representations) and aspect ratio; per audio clip its seconds and bytes.
 */
public record MediaStats(List<Image> images, List<Video> videos, List<Audio> audios) {

  public static final MediaStats NONE = new MediaStats(List.of(), List.of(), List.of());

  public MediaStats {
    images = List.copyOf(images);
    videos = List.copyOf(videos);
    audios = List.copyOf(audios);
  }

  public record Image(long pixels, long bytes, double aspectRatio) {}

  public record Video(int frames, long pixels, long bytes, double aspectRatio) {}

  public record Audio(double seconds, long bytes) {}

  public boolean isEmpty() {
    return images.isEmpty() && videos.isEmpty() && audios.isEmpty();
  }

  /** These items followed by {@code other}'s (prefix media, then the request's own). */
  public MediaStats plus(MediaStats other) {
    if (other.isEmpty()) return this;
    if (isEmpty()) return other;
    return new MediaStats(concat(images, other.images), concat(videos, other.videos), concat(audios, other.audios));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
