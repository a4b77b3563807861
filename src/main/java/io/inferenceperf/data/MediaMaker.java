package io.inferenceperf.data;

import io.inferenceperf.config.Distribution;
import io.inferenceperf.config.MultimodalConfig;
import io.inferenceperf.config.MultimodalConfig.ImageFormat;
import io.inferenceperf.config.MultimodalConfig.Placement;
import io.inferenceperf.config.MultimodalConfig.Resolution;
import io.inferenceperf.config.MultimodalConfig.VideoFormat;
import io.inferenceperf.config.MultimodalConfig.VideoProfile;
import io.inferenceperf.config.MultimodalConfig.Weighted;
import io.inferenceperf.media.JpegEncoder;
import io.inferenceperf.media.PngEncoder;
import io.inferenceperf.media.VideoPool;
import io.inferenceperf.media.WavEncoder;
import io.inferenceperf.record.MediaStats;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Samples and encodes the media of one request from {@code data.multimodal}, as inference-perf does: per modality a
 * count, then per item a size (a weighted choice), an insertion point and new bytes. Images and frames are one random
 * colour each (so every image is new to the server); MP4s come from a {@link VideoPool}; audio is seeded noise.
 * Everything drawn comes from the random stream it is given, so a request's media are reproducible.
 */
final class MediaMaker {

  /** Media parts to put at one point of the text (a video as frames is several image parts at one point). */
  record Placed(List<ContentPart> parts, double point) {}

  /** The placed media of one request and what they measure. */
  record Made(List<Placed> placed, MediaStats stats) {
    static final Made NONE = new Made(List.of(), MediaStats.NONE);
  }

  private final MultimodalConfig config;
  private final VideoPool videos;
  private final LengthSampler imageCount;
  private final LengthSampler videoCount;
  private final LengthSampler audioCount;

  MediaMaker(MultimodalConfig config, VideoPool videos) {
    this.config = config;
    this.videos = videos;
    this.imageCount = sampler(config.image() == null ? null : config.image().placement().count());
    this.videoCount = sampler(config.video() == null ? null : config.video().placement().count());
    this.audioCount = sampler(config.audio() == null ? null : config.audio().placement().count());
  }

  private static LengthSampler sampler(Distribution count) {
    return count == null ? null : new LengthSampler(count, true);
  }

  /** Encodes every MP4 size the config can ask for now (start-up), rather than while requests are due. */
  void warmVideos() {
    if (config.video() != null && videoCount != null && config.video().format() == VideoFormat.MP4) {
      for (Weighted<VideoProfile> p : config.video().profiles()) {
        Resolution r = p.value().resolution();
        videos.warm(r.width(), r.height(), p.value().frames());
      }
    }
  }

  /** E.g. "images (count fixed 2 in [2, 2]) png 1280x720|640x360; audio (...) 1.0 s". */
  String describe() {
    List<String> kinds = new ArrayList<>();
    if (imageCount != null) {
      kinds.add("images (count " + imageCount.describe() + ") " + config.image().format().yamlName + " "
          + sizes(config.image().resolutions()));
    }
    if (videoCount != null) {
      kinds.add("videos (count " + videoCount.describe() + ") " + config.video().format().yamlName + " " + sizes(
          config.video().profiles().stream().map(p -> new Weighted<>(p.value().resolution() + "x"
              + p.value().frames() + " frames", p.weight())).toList()));
    }
    if (audioCount != null) {
      kinds.add("audio (count " + audioCount.describe() + ") wav " + sizes(config.audio().durationsSeconds().stream()
          .map(d -> new Weighted<>(d.value() + " s", d.weight())).toList()));
    }
    return kinds.isEmpty() ? "no media (no count given)" : String.join("; ", kinds);
  }

  private static String sizes(List<? extends Weighted<?>> choices) {
    return String.join("|", choices.stream().map(c -> String.valueOf(c.value())).toList());
  }

  Made make(SplittableRandom random) {
    List<Placed> placed = new ArrayList<>();
    List<MediaStats.Image> images = new ArrayList<>();
    List<MediaStats.Video> videoStats = new ArrayList<>();
    List<MediaStats.Audio> audios = new ArrayList<>();
    for (int i = count(imageCount, random); i > 0; i--) {
      Resolution r = choose(config.image().resolutions(), random);
      byte[] bytes = image(r, config.image().format(), random.nextInt(1 << 24));
      placed.add(new Placed(List.of(new ContentPart.ImageUrl(dataUrl(config.image().format().mimeType, bytes))),
          point(config.image().placement(), random)));
      images.add(new MediaStats.Image((long) r.width() * r.height(), bytes.length, aspect(r)));
    }
    for (int i = count(videoCount, random); i > 0; i--) {
      VideoProfile profile = choose(config.video().profiles(), random);
      double point = point(config.video().placement(), random);
      placed.add(video(profile, random, point, videoStats));
    }
    for (int i = count(audioCount, random); i > 0; i--) {
      double seconds = choose(config.audio().durationsSeconds(), random);
      byte[] wav = WavEncoder.noise(seconds, random.nextLong());
      placed.add(new Placed(List.of(new ContentPart.InputAudio(Base64.getEncoder().encodeToString(wav), "wav")),
          point(config.audio().placement(), random)));
      audios.add(new MediaStats.Audio(seconds, wav.length));
    }
    return new Made(placed, new MediaStats(images, videoStats, audios));
  }

  private Placed video(VideoProfile profile, SplittableRandom random, double point, List<MediaStats.Video> stats) {
    Resolution r = profile.resolution();
    VideoFormat format = config.video().format();
    if (format == VideoFormat.MP4) {
      byte[] mp4 = videos.get(r.width(), r.height(), profile.frames(), random.nextInt(VideoPool.VARIANTS));
      stats.add(new MediaStats.Video(profile.frames(), (long) r.width() * r.height(), mp4.length, aspect(r)));
      return new Placed(List.of(new ContentPart.VideoUrl(dataUrl("video/mp4", mp4))), point);
    }
    List<ContentPart> frames = new ArrayList<>(profile.frames());
    long bytes = 0;
    for (int f = 0; f < profile.frames(); f++) {
      byte[] frame = image(r, format.frameFormat, random.nextInt(1 << 24));
      frames.add(new ContentPart.ImageUrl(dataUrl(format.frameFormat.mimeType, frame)));
      bytes += frame.length;
    }
    stats.add(new MediaStats.Video(profile.frames(), (long) r.width() * r.height(), bytes, aspect(r)));
    return new Placed(frames, point);
  }

  private static byte[] image(Resolution r, ImageFormat format, int rgb) {
    return format == ImageFormat.JPEG ? JpegEncoder.solid(r.width(), r.height(), rgb)
        : PngEncoder.solid(r.width(), r.height(), rgb);
  }

  private static int count(LengthSampler sampler, SplittableRandom random) {
    return sampler == null ? 0 : Math.max(0, sampler.sample(random));
  }

  /**
   * The insertion point: fixed, sampled from a distribution (rounded like a count, as inference-perf does, so its
   * points are 0 or 1), or uniform in [0, 1) when unset.
   */
  static double point(Placement placement, SplittableRandom random) {
    if (placement.insertionPoint() != null) {
      return placement.insertionPoint();
    }
    if (placement.insertionDistribution() != null) {
      return Math.clamp(new LengthSampler(placement.insertionDistribution(), true).sample(random), 0.0, 1.0);
    }
    return random.nextDouble();
  }

  /** A weighted choice: each entry with probability weight / total (the first when every weight is 0). */
  static <T> T choose(List<Weighted<T>> choices, SplittableRandom random) {
    if (choices.size() == 1) {
      return choices.get(0).value();
    }
    double total = choices.stream().mapToDouble(Weighted::weight).sum();
    if (!(total > 0)) {
      return choices.get(0).value();
    }
    double target = random.nextDouble() * total;
    for (Weighted<T> choice : choices) {
      target -= choice.weight();
      if (target < 0) {
        return choice.value();
      }
    }
    return choices.get(choices.size() - 1).value();
  }

  private static double aspect(Resolution r) {
    return r.height() > 0 ? (double) r.width() / r.height() : 0.0;
  }

  private static String dataUrl(String mimeType, byte[] bytes) {
    return "data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }
}
