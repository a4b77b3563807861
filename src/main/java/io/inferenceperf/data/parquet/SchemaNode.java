package io.inferenceperf.data.parquet;

import java.util.ArrayList;
import java.util.List;

/**
 * One field of a file's schema, with the levels Dremel's encoding gives it: {@code maxDefinition} counts the optional
 * and repeated fields from the root down to and including this one, {@code maxRepetition} the repeated ones. A leaf
 * is a column; {@code leafIndex} is its position among the file's columns.
 */
final class SchemaNode {

  enum Repetition { REQUIRED, OPTIONAL, REPEATED }

  /** How a leaf's values are presented: text, raw bytes, or the physical type's own Java type. */
  enum Annotation { NONE, STRING, LIST, MAP, DECIMAL }

  final String name;
  final Repetition repetition;
  final PhysicalType type; // null for a group
  final int typeLength;
  final Annotation annotation;
  final int maxDefinition;
  final int maxRepetition;
  final List<SchemaNode> children = new ArrayList<>();
  final List<String> path;
  int leafIndex = -1;

  SchemaNode(String name, Repetition repetition, PhysicalType type, int typeLength, Annotation annotation,
      SchemaNode parent) {
    this.name = name;
    this.repetition = repetition;
    this.type = type;
    this.typeLength = typeLength;
    this.annotation = annotation;
    int parentDefinition = parent == null ? 0 : parent.maxDefinition;
    int parentRepetition = parent == null ? 0 : parent.maxRepetition;
    boolean root = parent == null;
    this.maxDefinition = parentDefinition + (!root && repetition != Repetition.REQUIRED ? 1 : 0);
    this.maxRepetition = parentRepetition + (!root && repetition == Repetition.REPEATED ? 1 : 0);
    List<String> parentPath = parent == null || parent.path == null ? List.of() : parent.path;
    List<String> own = new ArrayList<>(parentPath);
    if (!root) own.add(name);
    this.path = root ? List.of() : List.copyOf(own);
  }

  boolean isLeaf() {
    return type != null;
  }

  /** Every leaf under this node, in schema order. */
  List<SchemaNode> leaves() {
    List<SchemaNode> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(SchemaNode node, List<SchemaNode> out) {
    if (node.isLeaf()) {
      out.add(node);
      return;
    }
    for (SchemaNode child : node.children) collect(child, out);
  }

  String dotted() {
    return String.join(".", path);
  }
}
