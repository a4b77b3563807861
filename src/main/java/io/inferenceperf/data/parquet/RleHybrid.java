package io.inferenceperf.data.parquet;

/**
 * The RLE / bit-packed hybrid encoding of levels, dictionary ids and RLE booleans: runs of one repeated value, and
 * groups of 8 values packed {@code bitWidth} bits each, least significant bit first.
 */
final class RleHybrid {

  private RleHybrid() {}

  /** Decodes exactly {@code count} values of {@code bitWidth} bits from {@code in}. */
  static int[] decode(ByteCursor in, int bitWidth, int count) {
    if (bitWidth < 0 || bitWidth > 32) throw new ByteCursor.Truncated("a bit width of " + bitWidth);
    int[] out = new int[count];
    if (bitWidth == 0) return out;
    int filled = 0;
    int valueBytes = (bitWidth + 7) / 8;
    while (filled < count) {
      long header = in.varint();
      if ((header & 1) == 0) {
        long run = header >>> 1;
        int value = 0;
        for (int i = 0; i < valueBytes; i++) value |= in.u8() << (8 * i);
        int n = (int) Math.min(run, count - filled);
        java.util.Arrays.fill(out, filled, filled + n, value);
        filled += n;
      } else {
        long groups = header >>> 1;
        if (groups * bitWidth > in.remaining()) throw new ByteCursor.Truncated("a bit-packed run past the end");
        filled = unpack(in, bitWidth, (int) groups * 8, out, filled);
      }
    }
    return out;
  }

  /** Unpacks {@code values} values (whole bytes consumed) into {@code out} from {@code filled}, up to its end. */
  static int unpack(ByteCursor in, int bitWidth, int values, int[] out, int filled) {
    long buffer = 0;
    int bits = 0;
    long mask = bitWidth == 32 ? 0xffffffffL : (1L << bitWidth) - 1;
    for (int i = 0; i < values; i++) {
      while (bits < bitWidth) {
        buffer |= (long) in.u8() << bits;
        bits += 8;
      }
      if (filled < out.length) out[filled++] = (int) (buffer & mask);
      buffer >>>= bitWidth;
      bits -= bitWidth;
    }
    return filled;
  }

  /** The bits needed for values up to {@code max}. */
  static int bitWidth(int max) {
    return 32 - Integer.numberOfLeadingZeros(max);
  }
}
