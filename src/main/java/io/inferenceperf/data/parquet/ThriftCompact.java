package io.inferenceperf.data.parquet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes Thrift's compact protocol, the encoding of Parquet's footer and page headers, into a generic tree: a
 * struct is a {@link Struct} of field id to value (Long for every integer, Boolean, Double, byte[] for binary, List
 * for list and set, Map for map, Struct for struct). Parquet's own types then read the fields they know by id, and
 * fields added by newer writers are skipped by construction.
 */
final class ThriftCompact {

  private static final int STOP = 0;
  private static final int TRUE = 1;
  private static final int FALSE = 2;
  private static final int BYTE = 3;
  private static final int I16 = 4;
  private static final int I32 = 5;
  private static final int I64 = 6;
  private static final int DOUBLE = 7;
  private static final int BINARY = 8;
  private static final int LIST = 9;
  private static final int SET = 10;
  private static final int MAP = 11;
  private static final int STRUCT = 12;
  /** Deeper nesting than Parquet's metadata ever has is damage (and would overflow the stack). */
  private static final int MAX_DEPTH = 64;

  /** A decoded struct: field id to value. */
  record Struct(Map<Integer, Object> fields) {

    boolean has(int id) {
      return fields.containsKey(id);
    }

    long i64(int id, long absent) {
      return fields.get(id) instanceof Long value ? value : absent;
    }

    int i32(int id, int absent) {
      return fields.get(id) instanceof Long value ? (int) (long) value : absent;
    }

    boolean bool(int id, boolean absent) {
      return fields.get(id) instanceof Boolean value ? value : absent;
    }

    String string(int id) {
      return fields.get(id) instanceof byte[] value ? new String(value, StandardCharsets.UTF_8) : null;
    }

    Struct struct(int id) {
      return fields.get(id) instanceof Struct value ? value : null;
    }

    List<?> list(int id) {
      return fields.get(id) instanceof List<?> value ? value : List.of();
    }

    /** A required field: its absence means the metadata is damaged. */
    long required(int id, String name) {
      if (!(fields.get(id) instanceof Long value)) {
        throw new ByteCursor.Truncated("the required field " + name + " is missing");
      }
      return value;
    }
  }

  private final ByteCursor in;

  ThriftCompact(ByteCursor in) {
    this.in = in;
  }

  /** The struct starting at the cursor. */
  Struct struct() {
    return struct(0);
  }

  private Struct struct(int depth) {
    if (depth > MAX_DEPTH) throw new ByteCursor.Truncated("Thrift structs nested over " + MAX_DEPTH + " deep");
    Map<Integer, Object> fields = new HashMap<>();
    int lastId = 0;
    while (true) {
      int header = in.u8();
      int type = header & 0x0f;
      if (type == STOP) return new Struct(fields);
      int delta = header >>> 4;
      int id = delta != 0 ? lastId + delta : (int) zigzag(in.varint());
      lastId = id;
      Object value = type == TRUE ? Boolean.TRUE : type == FALSE ? Boolean.FALSE : value(type, depth);
      fields.put(id, value);
    }
  }

  private Object value(int type, int depth) {
    return switch (type) {
      case BYTE -> (long) (byte) in.u8();
      case I16, I32, I64 -> zigzag(in.varint());
      case DOUBLE -> Double.longBitsToDouble(in.i64());
      case BINARY -> in.bytes(in.length());
      case LIST, SET -> list(depth);
      case MAP -> map(depth);
      case STRUCT -> struct(depth + 1);
      default -> throw new ByteCursor.Truncated("an unknown Thrift type " + type + " at offset " + in.position());
    };
  }

  private List<Object> list(int depth) {
    int header = in.u8();
    int size = header >>> 4;
    if (size == 15) size = in.length();
    int elementType = header & 0x0f;
    if (size > in.remaining()) throw new ByteCursor.Truncated("a Thrift list of " + size + " elements");
    List<Object> items = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      items.add(item(elementType, depth));
    }
    return items;
  }

  /** An element of a list or map; a boolean there is one byte (1 is true). */
  private Object item(int type, int depth) {
    return type == TRUE || type == FALSE ? (Object) (in.u8() == TRUE) : value(type, depth);
  }

  private Map<Object, Object> map(int depth) {
    int size = in.length();
    Map<Object, Object> map = new HashMap<>();
    if (size == 0) return map;
    if (size > in.remaining()) throw new ByteCursor.Truncated("a Thrift map of " + size + " entries");
    int types = in.u8();
    for (int i = 0; i < size; i++) {
      Object key = item(types >>> 4, depth);
      map.put(key, item(types & 0x0f, depth));
    }
    return map;
  }

  private static long zigzag(long n) {
    return (n >>> 1) ^ -(n & 1);
  }
}
