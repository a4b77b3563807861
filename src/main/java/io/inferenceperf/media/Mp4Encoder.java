package io.inferenceperf.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jcodec.api.SequenceEncoder;
import org.jcodec.common.Codec;
import org.jcodec.common.Format;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rational;

/**
 * An MP4 (ISO base media, brand isom) with one H.264 video track at {@link #FRAMES_PER_SECOND}, encoded with jcodec.
 * Frames are one seeded colour, shifted a little every frame so that the encoder cannot collapse them into nothing
 * (as inference-perf does). H.264 with 4:2:0 chroma needs even sides, so odd ones are rounded down to even.
 * Slow (tens of milliseconds per frame), which is why {@link VideoPool} keeps encodings.
 */
public final class Mp4Encoder {

  public static final int FRAMES_PER_SECOND = 10;

  private Mp4Encoder() {}

  /** The side actually encoded for a requested side: even, at least 2. */
  public static int evenSide(int side) {
    return Math.max(2, side - side % 2);
  }

  /** A video of {@code frames} frames of {@code width} x {@code height} (rounded to even) based on {@code rgb}. */
  public static byte[] encode(int width, int height, int frames, int rgb) {
    int w = evenSide(width);
    int h = evenSide(height);
    GrowingChannel channel = new GrowingChannel();
    try {
      SequenceEncoder encoder =
          new SequenceEncoder(channel, Rational.R(FRAMES_PER_SECOND, 1), Format.MOV, Codec.H264, null);
      Picture picture = Picture.create(w, h, ColorSpace.RGB);
      for (int frame = 0; frame < frames; frame++) {
        fill(picture.getPlaneData(0), rgb, (frame * 7) % 32);
        encoder.encodeNativeFrame(picture);
      }
      encoder.finish();
      return channel.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding an MP4 in memory failed", e);
    }
  }

  /** jcodec keeps samples as signed bytes (value - 128), interleaved R, G, B in plane 0. */
  private static void fill(byte[] rgbPlane, int rgb, int offset) {
    byte r = (byte) (Math.min(255, (rgb >> 16 & 0xFF) + offset) - 128);
    byte g = (byte) (Math.min(255, (rgb >> 8 & 0xFF) + offset) - 128);
    byte b = (byte) (Math.min(255, (rgb & 0xFF) + offset) - 128);
    for (int i = 0; i + 2 < rgbPlane.length; i += 3) {
      rgbPlane[i] = r;
      rgbPlane[i + 1] = g;
      rgbPlane[i + 2] = b;
    }
  }
}
