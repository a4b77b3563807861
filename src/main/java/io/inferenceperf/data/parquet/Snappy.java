package io.inferenceperf.data.parquet;

/**
 * Decompresses Snappy's raw block format (Parquet's SNAPPY codec): the uncompressed length as a varint, then
 * literals and back-references (copies, which may overlap their own output).
 */
final class Snappy {

  private Snappy() {}

  /** The decompressed bytes, which must be exactly {@code expectedLength} long. */
  static byte[] decompress(byte[] input, int offset, int length, int expectedLength) {
    ByteCursor in = new ByteCursor(input, offset, length);
    int total = in.length();
    if (total != expectedLength) {
      throw new ByteCursor.Truncated("a Snappy block says " + total + " bytes, the page header " + expectedLength);
    }
    byte[] out = new byte[total];
    int written = 0;
    while (written < total) {
      int tag = in.u8();
      int kind = tag & 3;
      if (kind == 0) {
        int literal = literalLength(tag, in);
        if (literal > total - written || literal > in.remaining()) {
          throw new ByteCursor.Truncated("a Snappy literal runs past the end");
        }
        System.arraycopy(input, in.position(), out, written, literal);
        in.skip(literal);
        written += literal;
        continue;
      }
      int copyLength;
      int distance;
      if (kind == 1) {
        copyLength = 4 + ((tag >>> 2) & 7);
        distance = (tag >>> 5) << 8 | in.u8();
      } else if (kind == 2) {
        copyLength = (tag >>> 2) + 1;
        distance = in.u8() | in.u8() << 8;
      } else {
        copyLength = (tag >>> 2) + 1;
        distance = in.i32();
      }
      if (distance <= 0 || distance > written || copyLength > total - written) {
        throw new ByteCursor.Truncated("a Snappy copy points outside the output");
      }
      for (int i = 0; i < copyLength; i++, written++) {
        out[written] = out[written - distance];
      }
    }
    return out;
  }

  private static int literalLength(int tag, ByteCursor in) {
    int small = tag >>> 2;
    if (small < 60) return small + 1;
    int bytes = small - 59;
    long length = 0;
    for (int i = 0; i < bytes; i++) length |= (long) in.u8() << (8 * i);
    if (length + 1 > Integer.MAX_VALUE) throw new ByteCursor.Truncated("a Snappy literal of " + length + " bytes");
    return (int) length + 1;
  }
}
