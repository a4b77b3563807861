package io.inferenceperf.media;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * A few MP4 encodings per video size, made once and handed out by index, as inference-perf's per-process video pool
 * keeps four: encoding H.264 in Java takes far longer than a request may wait for its body. Thread-safe; the
 * variants of a size are encoded together the first time the size is asked for ({@link #warm} does it up front).
 */
public final class VideoPool {

  public static final int VARIANTS = 4;

  private record Size(int width, int height, int frames) {}

  private final long seed;
  private final Map<Size, List<byte[]>> encodings = new ConcurrentHashMap<>();

  public VideoPool(long seed) {
    this.seed = seed;
  }

  /** Encodes the variants of a size now, so that preparing requests does not wait for them later. */
  public void warm(int width, int height, int frames) {
    variants(width, height, frames);
  }

  /** Variant {@code index mod VARIANTS} of a size. The array is shared: do not modify it. */
  public byte[] get(int width, int height, int frames, int index) {
    List<byte[]> variants = variants(width, height, frames);
    return variants.get(Math.floorMod(index, variants.size()));
  }

  private List<byte[]> variants(int width, int height, int frames) {
    Size size = new Size(width, height, frames);
    return encodings.computeIfAbsent(size, s -> {
      SplittableRandom random = new SplittableRandom(seed ^ s.hashCode());
      int[] colours = random.ints(VARIANTS, 0, 1 << 24).toArray();
      return IntStream.range(0, VARIANTS).parallel()
          .mapToObj(i -> Mp4Encoder.encode(s.width, s.height, s.frames, colours[i])).toList();
    });
  }
}
