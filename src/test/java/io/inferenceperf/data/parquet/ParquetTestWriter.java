package io.inferenceperf.data.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A test-only Parquet writer, small on purpose: rows of plain Java values (Map, List, String, byte[], Integer,
 * Long, Double, Boolean, null) shredded by a schema into one PLAIN data page v1 per column chunk, uncompressed or
 * GZIP, in row groups of a given size. Lists are written in the standard three-level LIST form, strings as UTF8.
 * It exists to make visionarena-shaped files; the reader is proven on apache/parquet-testing's files.
 */
public final class ParquetTestWriter {

  /** A schema field: a leaf (type set) or a group; {@code list} marks a three-level LIST of {@code children[0]}. */
  public record Field(String name, SchemaNode.Repetition repetition, PhysicalType type, boolean text, boolean list,
      List<Field> children) {}

  public static Field optionalString(String name) {
    return new Field(name, SchemaNode.Repetition.OPTIONAL, PhysicalType.BYTE_ARRAY, true, false, List.of());
  }

  public static Field optionalBinary(String name) {
    return new Field(name, SchemaNode.Repetition.OPTIONAL, PhysicalType.BYTE_ARRAY, false, false, List.of());
  }

  public static Field optionalLong(String name) {
    return new Field(name, SchemaNode.Repetition.OPTIONAL, PhysicalType.INT64, false, false, List.of());
  }

  public static Field optionalStruct(String name, Field... children) {
    return new Field(name, SchemaNode.Repetition.OPTIONAL, null, false, false, List.of(children));
  }

  /** An optional LIST whose elements are {@code element} (named "element" whatever its name). */
  public static Field optionalList(String name, Field element) {
    Field named = new Field("element", element.repetition(), element.type(), element.text(), element.list(),
        element.children());
    Field repeated = new Field("list", SchemaNode.Repetition.REPEATED, null, false, false, List.of(named));
    return new Field(name, SchemaNode.Repetition.OPTIONAL, null, false, true, List.of(repeated));
  }

  /** The visionarena columns: conversation (a list of lists of {role, content}) and images (a list of {bytes, path}). */
  public static List<Field> visionArenaSchema() {
    Field message = optionalStruct("message", optionalString("role"), optionalString("content"));
    return List.of(optionalLong("question_id"), optionalList("conversation", optionalList("turn", message)),
        optionalList("images", optionalStruct("image", optionalBinary("bytes"), optionalString("path"))));
  }

  private ParquetTestWriter() {}

  /** Writes {@code rows} to {@code file}: {@code rowsPerGroup} rows a row group, GZIP pages when {@code gzip}. */
  public static void write(Path file, List<Field> schema, List<Map<String, Object>> rows, int rowsPerGroup,
      boolean gzip) throws IOException {
    List<Leaf> leaves = new ArrayList<>();
    for (Field field : schema) leaves(field, List.of(), 0, 0, leaves);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("PAR1".getBytes(StandardCharsets.US_ASCII));
    List<Thrift> groups = new ArrayList<>();
    for (int start = 0; start < rows.size(); start += rowsPerGroup) {
      List<Map<String, Object>> group = rows.subList(start, Math.min(rows.size(), start + rowsPerGroup));
      groups.add(rowGroup(out, schema, leaves, group, gzip));
    }
    Thrift meta = new Thrift().i32(1, 1).list(2, schemaElements(schema)).i64(3, rows.size()).list(4, groups);
    byte[] footer = meta.bytes();
    out.write(footer);
    out.write(new byte[] {(byte) footer.length, (byte) (footer.length >>> 8), (byte) (footer.length >>> 16),
        (byte) (footer.length >>> 24)});
    out.write("PAR1".getBytes(StandardCharsets.US_ASCII));
    Files.write(file, out.toByteArray());
  }

  /** A column: its field, path, and levels. */
  private record Leaf(Field field, List<String> path, int maxDefinition, int maxRepetition) {}

  /** One column's shredded entries. */
  private static final class Column {
    final List<Integer> repetitions = new ArrayList<>();
    final List<Integer> definitions = new ArrayList<>();
    final List<Object> values = new ArrayList<>();
  }

  private static void leaves(Field field, List<String> parent, int definition, int repetition, List<Leaf> out) {
    List<String> path = new ArrayList<>(parent);
    path.add(field.name());
    int d = definition + (field.repetition() == SchemaNode.Repetition.REQUIRED ? 0 : 1);
    int r = repetition + (field.repetition() == SchemaNode.Repetition.REPEATED ? 1 : 0);
    if (field.type() != null) {
      out.add(new Leaf(field, List.copyOf(path), d, r));
      return;
    }
    for (Field child : field.children()) leaves(child, path, d, r, out);
  }

  private static Thrift rowGroup(ByteArrayOutputStream out, List<Field> schema, List<Leaf> leaves,
      List<Map<String, Object>> rows, boolean gzip) throws IOException {
    Map<Field, Column> columns = new LinkedHashMap<>();
    for (Leaf leaf : leaves) columns.put(leaf.field(), new Column());
    Map<Field, Integer> repetitionOf = new HashMap<>();
    for (Leaf leaf : leaves) repetitionOf.put(leaf.field(), leaf.maxRepetition());
    for (Map<String, Object> row : rows) {
      for (Field field : schema) shred(field, row.get(field.name()), 0, 0, 0, columns);
    }
    List<Thrift> chunks = new ArrayList<>();
    long total = 0;
    for (Leaf leaf : leaves) {
      Column column = columns.get(leaf.field());
      byte[] page = page(leaf, column);
      byte[] stored = gzip ? gzip(page) : page;
      Thrift header = new Thrift().i32(1, 0).i32(2, page.length).i32(3, stored.length)
          .struct(5, new Thrift().i32(1, column.definitions.size()).i32(2, 0).i32(3, 3).i32(4, 3));
      long offset = out.size();
      byte[] headerBytes = header.bytes();
      out.write(headerBytes);
      out.write(stored);
      long size = headerBytes.length + stored.length;
      total += size;
      List<Object> path = new ArrayList<>(leaf.path());
      Thrift meta = new Thrift().i32(1, leaf.field().type().ordinal()).list(2, List.of(0, 3))
          .list(3, path).i32(4, gzip ? 2 : 0).i64(5, column.definitions.size()).i64(6, size).i64(7, size)
          .i64(9, offset);
      chunks.add(new Thrift().i64(2, offset).struct(3, meta));
    }
    return new Thrift().list(1, chunks).i64(2, total).i64(3, rows.size());
  }

  /** Dremel's striping: the value of {@code field} in one parent instance at (repetition r, definition d). */
  private static void shred(Field field, Object value, int r, int d, int depthRepetition, Map<Field, Column> out) {
    int ownRepetition = depthRepetition + (field.repetition() == SchemaNode.Repetition.REPEATED ? 1 : 0);
    if (field.repetition() == SchemaNode.Repetition.REPEATED) {
      List<?> items = (List<?>) value;
      if (items == null || items.isEmpty()) {
        absent(field, r, d, out);
        return;
      }
      for (int i = 0; i < items.size(); i++) {
        instance(field, items.get(i), i == 0 ? r : ownRepetition, d + 1, ownRepetition, out);
      }
    } else if (field.repetition() == SchemaNode.Repetition.OPTIONAL) {
      if (value == null) absent(field, r, d, out);
      else instance(field, value, r, d + 1, ownRepetition, out);
    } else {
      instance(field, value, r, d, ownRepetition, out);
    }
  }

  private static void instance(Field field, Object value, int r, int d, int repetition, Map<Field, Column> out) {
    if (field.type() != null) {
      Column column = out.get(field);
      column.repetitions.add(r);
      column.definitions.add(d);
      column.values.add(value);
      return;
    }
    if (field.list()) {
      List<Map<String, Object>> wrapped = new ArrayList<>();
      for (Object item : (List<?>) value) {
        Map<String, Object> element = new HashMap<>();
        element.put("element", item);
        wrapped.add(element);
      }
      shred(field.children().get(0), wrapped, r, d, repetition, out);
      return;
    }
    Map<?, ?> map = (Map<?, ?>) value;
    for (Field child : field.children()) shred(child, map.get(child.name()), r, d, repetition, out);
  }

  private static void absent(Field field, int r, int d, Map<Field, Column> out) {
    if (field.type() != null) {
      Column column = out.get(field);
      column.repetitions.add(r);
      column.definitions.add(d);
      column.values.add(null);
      return;
    }
    for (Field child : field.children()) absent(child, r, d, out);
  }

  private static byte[] page(Leaf leaf, Column column) throws IOException {
    ByteArrayOutputStream page = new ByteArrayOutputStream();
    if (leaf.maxRepetition() > 0) levels(page, column.repetitions, leaf.maxRepetition());
    if (leaf.maxDefinition() > 0) levels(page, column.definitions, leaf.maxDefinition());
    for (int i = 0; i < column.values.size(); i++) {
      if (column.definitions.get(i) != leaf.maxDefinition()) continue;
      Object value = column.values.get(i);
      switch (leaf.field().type()) {
        case INT64 -> page.write(littleEndian(((Number) value).longValue(), 8));
        case INT32 -> page.write(littleEndian(((Number) value).intValue(), 4));
        case BYTE_ARRAY -> {
          byte[] bytes = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) value;
          page.write(littleEndian(bytes.length, 4));
          page.write(bytes);
        }
        default -> throw new IllegalArgumentException("the test writer has no " + leaf.field().type());
      }
    }
    return page.toByteArray();
  }

  /** RLE levels: a run of one value per level (valid, if not compact), behind their byte length. */
  private static void levels(ByteArrayOutputStream page, List<Integer> levels, int max) throws IOException {
    int width = (RleHybrid.bitWidth(max) + 7) / 8;
    ByteArrayOutputStream runs = new ByteArrayOutputStream();
    for (int level : levels) {
      runs.write(2); // header: a run of 1, RLE
      runs.write(littleEndian(level, width));
    }
    page.write(littleEndian(runs.size(), 4));
    runs.writeTo(page);
  }

  private static byte[] littleEndian(long value, int bytes) {
    byte[] out = new byte[bytes];
    for (int i = 0; i < bytes; i++) out[i] = (byte) (value >>> (8 * i));
    return out;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static List<Thrift> schemaElements(List<Field> schema) {
    List<Thrift> out = new ArrayList<>();
    out.add(new Thrift().binary(4, "schema").i32(5, schema.size()));
    for (Field field : schema) element(field, out);
    return out;
  }

  private static void element(Field field, List<Thrift> out) {
    Thrift element = new Thrift();
    if (field.type() != null) element.i32(1, field.type().ordinal());
    element.i32(3, field.repetition().ordinal()).binary(4, field.name());
    if (field.type() == null) element.i32(5, field.children().size());
    if (field.text()) element.i32(6, 0);
    if (field.list()) element.i32(6, 3);
    out.add(element);
    for (Field child : field.children()) element(child, out);
  }

  /** A Thrift struct written in the compact protocol, fields in increasing id order. */
  private static final class Thrift {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int lastId;

    Thrift i32(int id, long value) {
      header(id, 5);
      varint(zigzag(value));
      return this;
    }

    Thrift i64(int id, long value) {
      header(id, 6);
      varint(zigzag(value));
      return this;
    }

    Thrift binary(int id, String value) {
      header(id, 8);
      bytes(value.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Thrift struct(int id, Thrift value) {
      header(id, 12);
      out.writeBytes(value.bytes());
      return this;
    }

    /** A list of Thrift structs, of ints (i32) or of strings (binary). */
    Thrift list(int id, List<?> items) {
      header(id, 9);
      int type = items.isEmpty() || items.get(0) instanceof Thrift ? 12 : items.get(0) instanceof String ? 8 : 5;
      if (items.size() < 15) out.write(items.size() << 4 | type);
      else {
        out.write(0xf0 | type);
        varint(items.size());
      }
      for (Object item : items) {
        if (item instanceof Thrift t) out.writeBytes(t.bytes());
        else if (item instanceof String s) bytes(s.getBytes(StandardCharsets.UTF_8));
        else varint(zigzag(((Number) item).longValue()));
      }
      return this;
    }

    byte[] bytes() {
      ByteArrayOutputStream whole = new ByteArrayOutputStream();
      whole.writeBytes(out.toByteArray());
      whole.write(0);
      return whole.toByteArray();
    }

    private void header(int id, int type) {
      int delta = id - lastId;
      if (delta > 0 && delta <= 15) out.write(delta << 4 | type);
      else {
        out.write(type);
        varint(zigzag(id));
      }
      lastId = id;
    }

    private void bytes(byte[] value) {
      varint(value.length);
      out.writeBytes(value);
    }

    private void varint(long value) {
      while ((value & ~0x7fL) != 0) {
        out.write((int) (value & 0x7f) | 0x80);
        value >>>= 7;
      }
      out.write((int) value);
    }

    private static long zigzag(long n) {
      return (n << 1) ^ (n >> 63);
    }
  }
}
