package io.inferenceperf.data.parquet;

import io.inferenceperf.data.parquet.SchemaNode.Annotation;
import io.inferenceperf.data.parquet.SchemaNode.Repetition;
import io.inferenceperf.data.parquet.ThriftCompact.Struct;
import java.util.ArrayList;
import java.util.List;

/**
 * The footer's FileMetaData, the parts a reader needs: the schema as a tree, the row count and, per row group, where
 * each column chunk is and how it is compressed. Field ids are those of parquet.thrift.
 */
record FileMetadata(SchemaNode root, List<SchemaNode> leaves, long rowCount, List<RowGroup> rowGroups) {

  /** One column chunk of a row group. */
  record ColumnChunk(int codec, long valueCount, long firstPageOffset, long compressedSize) {}

  /** One row group: its rows and its column chunks in leaf order. */
  record RowGroup(long rowCount, List<ColumnChunk> columns) {}

  // Thrift enum values of ConvertedType and LogicalType (a union) that change how values are presented.
  private static final int CONVERTED_UTF8 = 0;
  private static final int CONVERTED_MAP = 1;
  private static final int CONVERTED_MAP_KEY_VALUE = 2;
  private static final int CONVERTED_LIST = 3;
  private static final int CONVERTED_ENUM = 4;
  private static final int CONVERTED_DECIMAL = 5;
  private static final int CONVERTED_JSON = 19;
  private static final int LOGICAL_STRING = 1;
  private static final int LOGICAL_MAP = 2;
  private static final int LOGICAL_LIST = 3;
  private static final int LOGICAL_ENUM = 4;
  private static final int LOGICAL_DECIMAL = 5;
  private static final int LOGICAL_JSON = 12;

  static FileMetadata decode(Struct meta) {
    List<Struct> elements = structs(meta.list(2));
    if (elements.isEmpty()) throw new ByteCursor.Truncated("the schema is empty");
    int[] next = {0};
    SchemaNode root = node(elements, next, null, 0);
    if (next[0] != elements.size()) {
      throw new ByteCursor.Truncated("the schema lists " + elements.size() + " fields but its tree holds " + next[0]);
    }
    List<SchemaNode> leaves = root.leaves();
    for (int i = 0; i < leaves.size(); i++) leaves.get(i).leafIndex = i;
    List<RowGroup> groups = new ArrayList<>();
    for (Struct group : structs(meta.list(4))) {
      groups.add(rowGroup(group, leaves.size()));
    }
    return new FileMetadata(root, leaves, meta.required(3, "num_rows"), List.copyOf(groups));
  }

  private static SchemaNode node(List<Struct> elements, int[] next, SchemaNode parent, int depth) {
    if (next[0] >= elements.size() || depth > 100) {
      throw new ByteCursor.Truncated("the schema's num_children do not match its fields");
    }
    Struct element = elements.get(next[0]++);
    int children = element.i32(5, 0);
    boolean group = parent == null || element.has(5) && !element.has(1);
    int repetition = element.i32(3, 0);
    if (repetition < 0 || repetition > 2) throw new ByteCursor.Truncated("an unknown repetition " + repetition);
    PhysicalType type = group ? null : PhysicalType.of(element.i32(1, -1));
    String name = element.string(4);
    SchemaNode node = new SchemaNode(name == null ? "" : name, Repetition.values()[repetition], type,
        element.i32(2, 0), annotation(element), parent);
    if (group) {
      for (int i = 0; i < children; i++) node.children.add(node(elements, next, node, depth + 1));
    }
    return node;
  }

  private static Annotation annotation(Struct element) {
    Struct logical = element.struct(10);
    if (logical != null) {
      if (logical.has(LOGICAL_STRING) || logical.has(LOGICAL_ENUM) || logical.has(LOGICAL_JSON)) {
        return Annotation.STRING;
      }
      if (logical.has(LOGICAL_LIST)) return Annotation.LIST;
      if (logical.has(LOGICAL_MAP)) return Annotation.MAP;
      if (logical.has(LOGICAL_DECIMAL)) return Annotation.DECIMAL;
    }
    return switch (element.i32(6, -1)) {
      case CONVERTED_UTF8, CONVERTED_ENUM, CONVERTED_JSON -> Annotation.STRING;
      case CONVERTED_LIST -> Annotation.LIST;
      case CONVERTED_MAP, CONVERTED_MAP_KEY_VALUE -> Annotation.MAP;
      case CONVERTED_DECIMAL -> Annotation.DECIMAL;
      default -> Annotation.NONE;
    };
  }

  private static RowGroup rowGroup(Struct group, int leafCount) {
    List<ColumnChunk> columns = new ArrayList<>();
    for (Struct chunk : structs(group.list(1))) {
      if (chunk.string(1) != null) {
        throw new ByteCursor.Truncated("a column chunk is in another file (" + chunk.string(1)
            + "), which is not read");
      }
      Struct meta = chunk.struct(3);
      if (meta == null) throw new ByteCursor.Truncated("a column chunk has no meta_data (encrypted columns?)");
      long data = meta.required(9, "data_page_offset");
      long dictionary = meta.i64(11, 0);
      // Some writers store 0 for "no dictionary page"; a real one always comes before the data pages.
      long first = dictionary > 0 && dictionary < data ? dictionary : data;
      columns.add(new ColumnChunk(meta.i32(4, 0), meta.required(5, "num_values"), first,
          meta.required(7, "total_compressed_size")));
    }
    if (columns.size() != leafCount) {
      throw new ByteCursor.Truncated("a row group has " + columns.size() + " column chunks for " + leafCount
          + " columns");
    }
    return new RowGroup(group.required(3, "num_rows"), List.copyOf(columns));
  }

  private static List<Struct> structs(List<?> items) {
    List<Struct> out = new ArrayList<>(items.size());
    for (Object item : items) {
      if (!(item instanceof Struct struct)) throw new ByteCursor.Truncated("a list of structs holds " + item);
      out.add(struct);
    }
    return out;
  }
}
