package io.inferenceperf.config;

import io.inferenceperf.config.Node.Invalid;
import io.inferenceperf.config.Node.ListNode;
import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.Origin;
import io.inferenceperf.config.Node.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between the positioned tree and plain Java values (ordered maps, lists, String/Long/Double/...). */
final class Plain {

  private Plain() {}

  /** The tree as plain values; a rejected value shows as written, a missing required one as null. */
  static Object toPlain(Node node) {
    return switch (node) {
      case MapNode m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> out.put(k, toPlain(v)));
        yield out;
      }
      case ListNode l -> {
        List<Object> out = new ArrayList<>();
        l.items().forEach(item -> out.add(toPlain(item)));
        yield out;
      }
      case ScalarNode s -> scalarValue(s);
      case Invalid i -> i.original() == null ? null : toPlain(i.original());
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> toPlainMap(MapNode node) {
    return (Map<String, Object>) toPlain(node);
  }

  /** A scalar's Java value; tolerant of YAML spellings that validation has not normalised (free-form values). */
  static Object scalarValue(ScalarNode s) {
    try {
      return switch (s.kind()) {
        case INT -> Long.parseLong(s.text().replace("_", "").replaceFirst("^\\+", ""));
        case FLOAT -> Double.parseDouble(s.text().replace("_", ""));
        case BOOL -> switch (s.text().toLowerCase(java.util.Locale.ROOT)) {
          case "true", "yes", "on", "y" -> Boolean.TRUE;
          default -> Boolean.FALSE;
        };
        case NULL -> null;
        case STRING -> s.text();
      };
    } catch (NumberFormatException e) {
      return s.text(); // e.g. 0x1F or .inf in a free-form value: keep the text
    }
  }

  /** A plain value (as used for schema defaults) as a tree. */
  static Node toNode(Object value, Origin origin) {
    return switch (value) {
      case null -> ScalarNode.nullAt(origin);
      case Boolean b -> new ScalarNode(b.toString(), ScalarNode.Kind.BOOL, origin);
      case Integer i -> new ScalarNode(i.toString(), ScalarNode.Kind.INT, origin);
      case Long l -> new ScalarNode(l.toString(), ScalarNode.Kind.INT, origin);
      case Double d -> new ScalarNode(d.toString(), ScalarNode.Kind.FLOAT, origin);
      case String s -> new ScalarNode(s, ScalarNode.Kind.STRING, origin);
      case List<?> list -> new ListNode(list.stream().map(v -> toNode(v, origin)).toList(), origin);
      case Map<?, ?> map -> {
        Map<String, Node> entries = new LinkedHashMap<>();
        map.forEach((k, v) -> entries.put(String.valueOf(k), toNode(v, origin)));
        yield new MapNode(entries, Map.of(), origin);
      }
      default -> throw new IllegalArgumentException("unsupported default value type: " + value.getClass());
    };
  }
}
