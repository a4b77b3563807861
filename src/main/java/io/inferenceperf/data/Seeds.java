package io.inferenceperf.data;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from the run seed, so that each prompt is a pure function of
 * (seed, stage, index) and can be built on any thread in any order.
 */
public final class Seeds {

  /** What a stream is used for; streams with different purposes never overlap. */
  public enum Purpose {
    INPUT_LENGTH,
    OUTPUT_LENGTH,
    TEXT,
    DATASET_ROW,
    MEDIA,
    CONVERSATION
  }

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** The random stream for one purpose of one request. */
  public static SplittableRandom stream(long seed, Purpose purpose, long stageId, long index) {
    long mixed = mix64(seed + GOLDEN_GAMMA);
    mixed = mix64(mixed ^ (purpose.ordinal() + 1L) * GOLDEN_GAMMA);
    mixed = mix64(mixed ^ mix64(stageId + 0x632BE59BD9B4E019L));
    mixed = mix64(mixed ^ mix64(index + 0x85157AF5L));
    return new SplittableRandom(mixed);
  }

  /** The SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective mixer with full avalanche. */
  static long mix64(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
