package io.inferenceperf.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * A WAV clip written by hand: RIFF header, 16-bit signed little-endian PCM, mono, 16 kHz (inference-perf's format).
 * The samples are quiet seeded noise rather than silence, so that two clips of one length differ.
 */
public final class WavEncoder {

  public static final int SAMPLE_RATE = 16_000;
  private static final int HEADER_BYTES = 44;
  /** Peak noise amplitude: about -50 dBFS, inaudible but not constant. */
  private static final int NOISE_AMPLITUDE = 100;

  private WavEncoder() {}

  /** Samples in a clip of {@code seconds}: at least one. */
  public static int samples(double seconds) {
    return (int) Math.max(1, Math.round(seconds * SAMPLE_RATE));
  }

  /** A clip of {@code seconds}, its noise drawn from {@code seed}. */
  public static byte[] noise(double seconds, long seed) {
    int samples = samples(seconds);
    int dataBytes = samples * 2;
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    out.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE"));
    out.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE)
        .putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
    out.put(ascii("data")).putInt(dataBytes);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < samples; i++) {
      out.putShort((short) random.nextInt(-NOISE_AMPLITUDE, NOISE_AMPLITUDE + 1));
    }
    return out.array();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
