package io.inferenceperf.data.parquet;

/** The DELTA_* encodings: delta-packed integers, and byte arrays by delta-packed lengths or shared prefixes. */
final class Delta {

  private Delta() {}

  /** DELTA_BINARY_PACKED: {@code count} integers (at most the header's total). */
  static long[] integers(ByteCursor in, int count) {
    int blockSize = in.length();
    int miniBlocks = in.length();
    int total = in.length();
    long value = zigzag(in.varint());
    if (miniBlocks == 0 || blockSize % miniBlocks != 0 || (blockSize / miniBlocks) % 8 != 0) {
      throw new ByteCursor.Truncated("a DELTA_BINARY_PACKED header with block " + blockSize + " and " + miniBlocks
          + " mini blocks");
    }
    int perMini = blockSize / miniBlocks;
    long[] out = new long[total];
    if (total > 0) out[0] = value;
    int got = 1;
    while (got < total) {
      long minDelta = zigzag(in.varint());
      byte[] widths = in.bytes(miniBlocks);
      for (int m = 0; m < miniBlocks && got < total; m++) {
        int width = widths[m] & 0xff;
        if (width > 64) throw new ByteCursor.Truncated("a delta bit width of " + width);
        long[] deltas = unpack(in, width, perMini);
        for (int i = 0; i < perMini && got < total; i++) {
          value += minDelta + deltas[i];
          out[got++] = value;
        }
      }
    }
    if (count > total) throw new ByteCursor.Truncated("a DELTA block of " + total + " values where " + count
        + " are needed");
    return count == total ? out : java.util.Arrays.copyOf(out, count);
  }

  /** DELTA_LENGTH_BYTE_ARRAY: the lengths, then the bytes one after the other. */
  static byte[][] lengthPrefixed(ByteCursor in, int count) {
    long[] lengths = integers(in, count);
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) out[i] = in.bytes(checkedLength(lengths[i]));
    return out;
  }

  /** DELTA_BYTE_ARRAY: prefix lengths shared with the previous value, then the suffixes. */
  static byte[][] prefixed(ByteCursor in, int count) {
    long[] prefixes = integers(in, count);
    byte[][] suffixes = lengthPrefixed(in, count);
    byte[][] out = new byte[count][];
    byte[] previous = new byte[0];
    for (int i = 0; i < count; i++) {
      int prefix = checkedLength(prefixes[i]);
      if (prefix > previous.length) throw new ByteCursor.Truncated("a DELTA_BYTE_ARRAY prefix past the previous value");
      byte[] value = new byte[prefix + suffixes[i].length];
      System.arraycopy(previous, 0, value, 0, prefix);
      System.arraycopy(suffixes[i], 0, value, prefix, suffixes[i].length);
      out[i] = value;
      previous = value;
    }
    return out;
  }

  private static int checkedLength(long length) {
    if (length < 0 || length > Integer.MAX_VALUE) throw new ByteCursor.Truncated("a value length of " + length);
    return (int) length;
  }

  private static long[] unpack(ByteCursor in, int width, int values) {
    long[] out = new long[values];
    if (width == 0) return out;
    long bitsNeeded = (long) width * values;
    if (bitsNeeded / 8 > in.remaining()) throw new ByteCursor.Truncated("a delta mini block past the end");
    long buffer = 0;
    int bits = 0;
    for (int i = 0; i < values; i++) {
      long value = 0;
      int have = 0;
      while (have < width) {
        if (bits == 0) {
          buffer = in.u8();
          bits = 8;
        }
        int take = Math.min(width - have, bits);
        value |= (buffer & ((1L << take) - 1)) << have;
        buffer >>>= take;
        bits -= take;
        have += take;
      }
      out[i] = value;
    }
    return out;
  }

  private static long zigzag(long n) {
    return (n >>> 1) ^ -(n & 1);
  }
}
