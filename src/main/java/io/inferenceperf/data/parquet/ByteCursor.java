package io.inferenceperf.data.parquet;

/**
 * Reads a byte array front to back (little-endian numbers, unsigned varints); reading past its end throws
 * {@link Truncated}, which the file reader turns into a message naming the file.
 */
final class ByteCursor {

  /** The data ended before what was being read. */
  static final class Truncated extends RuntimeException {
    Truncated(String what) {
      super(what, null, false, false);
    }
  }

  private final byte[] bytes;
  private final int end;
  private int position;

  ByteCursor(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.position = offset;
    this.end = offset + length;
  }

  ByteCursor(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  int position() {
    return position;
  }

  int remaining() {
    return end - position;
  }

  byte[] array() {
    return bytes;
  }

  private void need(long count) {
    if (count < 0 || count > end - position) {
      throw new Truncated("needed " + count + " bytes at offset " + position + " but " + (end - position)
          + " are left");
    }
  }

  int u8() {
    need(1);
    return bytes[position++] & 0xff;
  }

  int i32() {
    need(4);
    int value = (bytes[position] & 0xff) | (bytes[position + 1] & 0xff) << 8 | (bytes[position + 2] & 0xff) << 16
        | (bytes[position + 3] & 0xff) << 24;
    position += 4;
    return value;
  }

  long i64() {
    long low = i32() & 0xffffffffL;
    long high = i32() & 0xffffffffL;
    return low | high << 32;
  }

  /** An unsigned LEB128 varint of at most 64 bits. */
  long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) return value;
    }
    throw new Truncated("a varint longer than 10 bytes at offset " + position);
  }

  /** A varint that must fit in a non-negative int (a length or count). */
  int length() {
    long value = varint();
    if (value > Integer.MAX_VALUE) throw new Truncated("a length of " + value + " at offset " + position);
    return (int) value;
  }

  byte[] bytes(int count) {
    need(count);
    byte[] out = new byte[count];
    System.arraycopy(bytes, position, out, 0, count);
    position += count;
    return out;
  }

  void skip(long count) {
    need(count);
    position += (int) count;
  }

  /** A cursor over the next {@code count} bytes, which this one skips. */
  ByteCursor slice(int count) {
    need(count);
    ByteCursor slice = new ByteCursor(bytes, position, count);
    position += count;
    return slice;
  }
}
