package io.inferenceperf.data.parquet;

import java.nio.charset.StandardCharsets;

/**
 * Decodes a page's non-null values into boxed Java values: Boolean, Integer, Long, Float, Double, byte[] (or String
 * for a column annotated as text). Dictionary-encoded pages give ids, which the caller looks up.
 */
final class Values {

  private Values() {}

  /** {@code count} values of {@code leaf}'s type in {@code encoding} (not a dictionary encoding). */
  static Object[] decode(ByteCursor in, SchemaNode leaf, int encoding, int count) {
    Object[] out = switch (encoding) {
      case Encoding.PLAIN -> plain(in, leaf, count);
      case Encoding.RLE -> rleBooleans(in, leaf, count);
      case Encoding.DELTA_BINARY_PACKED -> deltaIntegers(in, leaf, count);
      case Encoding.DELTA_LENGTH_BYTE_ARRAY -> binaries(leaf, Delta.lengthPrefixed(in, count));
      case Encoding.DELTA_BYTE_ARRAY -> binaries(leaf, Delta.prefixed(in, count));
      case Encoding.BYTE_STREAM_SPLIT -> byteStreamSplit(in, leaf, count);
      default -> throw new ByteCursor.Truncated("the column " + leaf.dotted() + " uses the encoding "
          + Encoding.name(encoding) + ", which is not read");
    };
    return out;
  }

  /** Dictionary ids: a bit width byte, then the RLE / bit-packed hybrid. */
  static int[] dictionaryIds(ByteCursor in, int count) {
    if (count == 0) return new int[0];
    return RleHybrid.decode(in, in.u8(), count);
  }

  private static Object[] plain(ByteCursor in, SchemaNode leaf, int count) {
    Object[] out = new Object[count];
    switch (leaf.type) {
      case BOOLEAN -> {
        int[] bits = new int[count];
        RleHybrid.unpack(in, 1, (count + 7) / 8 * 8, bits, 0);
        for (int i = 0; i < count; i++) out[i] = bits[i] != 0;
      }
      case INT32 -> {
        for (int i = 0; i < count; i++) out[i] = in.i32();
      }
      case INT64 -> {
        for (int i = 0; i < count; i++) out[i] = in.i64();
      }
      case FLOAT -> {
        for (int i = 0; i < count; i++) out[i] = Float.intBitsToFloat(in.i32());
      }
      case DOUBLE -> {
        for (int i = 0; i < count; i++) out[i] = Double.longBitsToDouble(in.i64());
      }
      case BYTE_ARRAY -> {
        for (int i = 0; i < count; i++) {
          int length = in.i32();
          if (length < 0) throw new ByteCursor.Truncated("a negative value length " + length);
          out[i] = binary(leaf, in.bytes(length));
        }
      }
      case FIXED_LEN_BYTE_ARRAY -> {
        for (int i = 0; i < count; i++) out[i] = binary(leaf, in.bytes(leaf.typeLength));
      }
      case INT96 -> throw int96(leaf);
    }
    return out;
  }

  static ByteCursor.Truncated int96(SchemaNode leaf) {
    return new ByteCursor.Truncated("the column " + leaf.dotted() + " is INT96 (legacy timestamps), which is not"
        + " read; leave it out of the columns read, or rewrite it as INT64 timestamps");
  }

  private static Object[] rleBooleans(ByteCursor in, SchemaNode leaf, int count) {
    if (leaf.type != PhysicalType.BOOLEAN) {
      throw new ByteCursor.Truncated("the column " + leaf.dotted() + " has RLE values but is " + leaf.type);
    }
    int length = in.i32();
    int[] bits = RleHybrid.decode(in.slice(length), 1, count);
    Object[] out = new Object[count];
    for (int i = 0; i < count; i++) out[i] = bits[i] != 0;
    return out;
  }

  private static Object[] deltaIntegers(ByteCursor in, SchemaNode leaf, int count) {
    long[] values = Delta.integers(in, count);
    Object[] out = new Object[count];
    for (int i = 0; i < count; i++) {
      out[i] = leaf.type == PhysicalType.INT32 ? (Object) (int) values[i] : (Object) values[i];
    }
    return out;
  }

  private static Object[] binaries(SchemaNode leaf, byte[][] values) {
    Object[] out = new Object[values.length];
    for (int i = 0; i < values.length; i++) out[i] = binary(leaf, values[i]);
    return out;
  }

  private static Object[] byteStreamSplit(ByteCursor in, SchemaNode leaf, int count) {
    int width = switch (leaf.type) {
      case INT32, FLOAT -> 4;
      case INT64, DOUBLE -> 8;
      case FIXED_LEN_BYTE_ARRAY -> leaf.typeLength;
      default -> throw new ByteCursor.Truncated("BYTE_STREAM_SPLIT on the " + leaf.type + " column " + leaf.dotted());
    };
    byte[] streams = in.bytes(Math.multiplyExact(width, count));
    byte[] joined = new byte[streams.length];
    for (int i = 0; i < count; i++) {
      for (int b = 0; b < width; b++) joined[i * width + b] = streams[b * count + i];
    }
    return plain(new ByteCursor(joined), leaf, count);
  }

  /** Text for a column annotated as text, else the bytes. */
  static Object binary(SchemaNode leaf, byte[] bytes) {
    return leaf.annotation == SchemaNode.Annotation.STRING ? new String(bytes, StandardCharsets.UTF_8) : bytes;
  }
}
