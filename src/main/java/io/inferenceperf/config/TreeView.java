package io.inferenceperf.config;

import io.inferenceperf.config.Node.Invalid;
import io.inferenceperf.config.Node.ListNode;
import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.Origin;
import io.inferenceperf.config.Node.ScalarNode;
import java.util.List;

/**
 * Typed read access to one validated section, for the binder. Getters return null when a key is absent, null or
 * was rejected by validation, so rules about it can be skipped rather than repeat an error; the {@code OrDefault}
 * getters fall back to the key's default in {@link ConfigSchema} instead.
 */
record TreeView(MapNode map, String path) {

  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  Node node(String key) {
    return map.get(key);
  }

  /** False when validation rejected the value (or it is missing but required). */
  boolean valid(String key) {
    return !(map.get(key) instanceof Invalid);
  }

  /** Set to a non-null value by the user (not a default). */
  boolean givenByUser(String key) {
    Node n = map.get(key);
    return n != null && !(n instanceof Invalid) && !n.origin().isDefault() && !isNull(n);
  }

  boolean isSet(String key) {
    Node n = map.get(key);
    return n != null && !(n instanceof Invalid) && !isNull(n);
  }

  /** Where a problem about {@code key} should point: its value, or the section when it came from a default. */
  Origin origin(String key) {
    Node n = map.get(key);
    if (n != null && !n.origin().isDefault()) {
      return n.origin();
    }
    return map.origin();
  }

  ConfigProblem problem(String key, String message) {
    return ConfigProblem.at(pathOf(key), origin(key), message);
  }

  TreeView section(String key) {
    return map.get(key) instanceof MapNode m ? new TreeView(m, pathOf(key)) : null;
  }

  List<Node> list(String key) {
    return map.get(key) instanceof ListNode l ? l.items() : null;
  }

  String string(String key) {
    return value(key) instanceof String s ? s : null;
  }

  Boolean bool(String key) {
    return value(key) instanceof Boolean b ? b : null;
  }

  /** The value, or the schema's default for this key when it is absent or was rejected. */
  boolean boolOrDefault(String key) {
    Boolean b = bool(key);
    return b != null ? b : SchemaDefaults.bool(pathOf(key));
  }

  Long longValue(String key) {
    return value(key) instanceof Long l ? l : null;
  }

  Integer integer(String key) {
    return value(key) instanceof Long l ? Math.toIntExact(l) : null;
  }

  /** The value, or the schema's default for this key when it is absent or was rejected. */
  int integerOrDefault(String key) {
    Integer i = integer(key);
    return i != null ? i : SchemaDefaults.integer(pathOf(key));
  }

  Double number(String key) {
    return value(key) instanceof Number n ? n.doubleValue() : null;
  }

  /** The value, or the schema's default for this key when it is absent or was rejected. */
  double numberOrDefault(String key) {
    Double d = number(key);
    return d != null ? d : SchemaDefaults.number(pathOf(key));
  }

  /** The value, or the schema's default for this key when it is absent or was rejected. */
  String stringOrDefault(String key) {
    String s = string(key);
    return s != null ? s : SchemaDefaults.string(pathOf(key));
  }

  private Object value(String key) {
    return map.get(key) instanceof ScalarNode s ? s.value() : null;
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode s && s.isNull();
  }
}
