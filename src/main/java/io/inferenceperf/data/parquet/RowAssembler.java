package io.inferenceperf.data.parquet;

import io.inferenceperf.data.parquet.ColumnReader.Triplet;
import io.inferenceperf.data.parquet.SchemaNode.Annotation;
import io.inferenceperf.data.parquet.SchemaNode.Repetition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one row's triplets, per leaf column, back into a nested value (Dremel's record assembly): a repeated field
 * is cut into elements where a triplet repeats at its level, a field is absent (null, or an empty list) where the
 * definition level stops above it. LIST and MAP groups become a List and a Map, in their standard three-level form
 * and in the older two-level forms.
 */
final class RowAssembler {

  private RowAssembler() {}

  /** The value of {@code node} in one instance of its parent, given each of its leaves' triplets there. */
  static Object value(SchemaNode node, Map<SchemaNode, List<Triplet>> slices) {
    Triplet first = slices.get(node.leaves().get(0)).get(0);
    if (node.repetition == Repetition.REPEATED) {
      List<Object> items = new ArrayList<>();
      if (first.definition() < node.maxDefinition) return items;
      for (Map<SchemaNode, List<Triplet>> element : split(node, slices)) items.add(instance(node, element));
      return items;
    }
    if (node.repetition == Repetition.OPTIONAL && first.definition() < node.maxDefinition) return null;
    return instance(node, slices);
  }

  /** The slices cut where a triplet repeats at {@code node}'s level: one map per element. */
  private static List<Map<SchemaNode, List<Triplet>>> split(SchemaNode node, Map<SchemaNode, List<Triplet>> slices) {
    List<Map<SchemaNode, List<Triplet>>> elements = new ArrayList<>();
    for (Map.Entry<SchemaNode, List<Triplet>> leaf : slices.entrySet()) {
      List<Triplet> triplets = leaf.getValue();
      int element = -1;
      for (int i = 0; i < triplets.size(); i++) {
        if (i == 0 || triplets.get(i).repetition() <= node.maxRepetition) {
          element++;
          if (element == elements.size()) elements.add(new LinkedHashMap<>());
          elements.get(element).put(leaf.getKey(), new ArrayList<>());
        }
        elements.get(element).get(leaf.getKey()).add(triplets.get(i));
      }
    }
    for (Map<SchemaNode, List<Triplet>> element : elements) {
      if (element.size() != slices.size()) {
        throw new ByteCursor.Truncated("the columns under " + node.dotted() + " disagree on its element count");
      }
    }
    return elements;
  }

  private static Object instance(SchemaNode node, Map<SchemaNode, List<Triplet>> slices) {
    if (node.isLeaf()) return slices.get(node).get(0).value();
    if (node.annotation == Annotation.LIST && node.children.size() == 1
        && node.children.get(0).repetition == Repetition.REPEATED) {
      return list(node, slices);
    }
    if (node.annotation == Annotation.MAP && node.children.size() == 1 && isKeyValue(node.children.get(0))) {
      return map(node.children.get(0), slices);
    }
    Map<String, Object> group = new LinkedHashMap<>();
    for (SchemaNode child : node.children) group.put(child.name, value(child, only(child, slices)));
    return group;
  }

  /**
   * A LIST: its repeated child is the element (two-level lists, or a repeated group of several fields, or one named
   * "array" or "{name}_tuple"), or that child's one field is (the standard three-level list).
   */
  @SuppressWarnings("unchecked")
  private static List<Object> list(SchemaNode node, Map<SchemaNode, List<Triplet>> slices) {
    SchemaNode repeated = node.children.get(0);
    List<Object> items = (List<Object>) value(repeated, only(repeated, slices));
    boolean threeLevel = !repeated.isLeaf() && repeated.children.size() == 1 && !repeated.name.equals("array")
        && !repeated.name.equals(node.name + "_tuple");
    if (!threeLevel) return items;
    String field = repeated.children.get(0).name;
    List<Object> elements = new ArrayList<>(items.size());
    for (Object item : items) elements.add(((Map<String, Object>) item).get(field));
    return elements;
  }

  private static boolean isKeyValue(SchemaNode child) {
    return child.repetition == Repetition.REPEATED && !child.isLeaf() && !child.children.isEmpty()
        && child.children.size() <= 2;
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> map(SchemaNode keyValue, Map<SchemaNode, List<Triplet>> slices) {
    List<Object> entries = (List<Object>) value(keyValue, only(keyValue, slices));
    Map<Object, Object> map = new LinkedHashMap<>();
    String key = keyValue.children.get(0).name;
    String value = keyValue.children.size() > 1 ? keyValue.children.get(1).name : null;
    for (Object entry : entries) {
      Map<String, Object> fields = (Map<String, Object>) entry;
      map.put(fields.get(key), value == null ? null : fields.get(value));
    }
    return map;
  }

  /** The slices of {@code child}'s leaves. */
  private static Map<SchemaNode, List<Triplet>> only(SchemaNode child, Map<SchemaNode, List<Triplet>> slices) {
    Map<SchemaNode, List<Triplet>> out = new LinkedHashMap<>();
    for (SchemaNode leaf : child.leaves()) {
      List<Triplet> triplets = slices.get(leaf);
      if (triplets == null || triplets.isEmpty()) {
        throw new ByteCursor.Truncated("the column " + leaf.dotted() + " has no entry where its siblings have");
      }
      out.put(leaf, triplets);
    }
    return out;
  }
}
