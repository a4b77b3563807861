package io.inferenceperf.config;

import io.inferenceperf.config.Node.ListNode;
import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.Origin;
import io.inferenceperf.config.SchemaKey.Status;
import io.inferenceperf.config.Shape.ListOf;
import io.inferenceperf.config.Shape.ScalarOrSection;
import io.inferenceperf.config.Shape.Section;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated tree as it is saved (the report folder's config.yaml): every inference-perf key with its value or
 * default, but this tool's extension keys ({@link Status#EXTENSION}) only where the user set them. inference-perf
 * refuses unknown keys, so a file saved from a config that used no extension loads there unchanged; loading it here
 * fills the same extension defaults again, so it still gives the same run.
 */
final class SavedTree {

  /**
   * inference-perf's alias keys and their main keys. Only one of a pair is saved: the alias when the user wrote
   * it, else the main key. inference-perf reads the alias first, so an unset alias written as null would hide the
   * main key there; and this tool refuses a file that gives both.
   */
  private static final Map<String, String> ALIASES = Map.of(
      "num_unique_system_prompts", "num_groups", "num_users_per_system_prompt", "num_prompts_per_group");
  private static final String ALIASES_SECTION = "data.shared_prefix";

  private SavedTree() {}

  static MapNode of(MapNode typed) {
    return section(typed, ConfigSchema.ROOT, "");
  }

  private static MapNode section(MapNode node, Section section, String path) {
    Map<String, Node> entries = new LinkedHashMap<>();
    Map<String, Origin> keyOrigins = new LinkedHashMap<>();
    node.entries().forEach((name, value) -> {
      SchemaKey key = section.key(name).orElse(null);
      String childPath = path.isEmpty() ? name : path + "." + name;
      Origin origin = node.keyOrigin(name);
      if ((origin.isDefault() && key != null && key.status() == Status.EXTENSION) || unsavedAlias(node, name, path)) {
        return;
      }
      entries.put(name, key == null ? value : descend(value, key.shape(), childPath));
      keyOrigins.put(name, origin);
    });
    return new MapNode(entries, keyOrigins, node.origin());
  }

  /** Whether {@code name} is the member of an alias pair that is not saved (see {@link #ALIASES}). */
  private static boolean unsavedAlias(MapNode node, String name, String path) {
    if (!path.equals(ALIASES_SECTION)) {
      return false;
    }
    if (ALIASES.containsKey(name)) {
      return node.keyOrigin(name).isDefault();
    }
    return ALIASES.entrySet().stream()
        .anyMatch(pair -> pair.getValue().equals(name) && !node.keyOrigin(pair.getKey()).isDefault());
  }

  private static Node descend(Node value, Shape shape, String path) {
    return switch (shape) {
      case Section s when value instanceof MapNode m -> section(m, s, path);
      case ScalarOrSection s when value instanceof MapNode m -> section(m, s.section(), path);
      case ListOf(Section s) when value instanceof ListNode l -> new ListNode(
          l.items().stream().map(item -> item instanceof MapNode m ? (Node) section(m, s, path + "[]") : item)
              .toList(), l.origin());
      default -> value;
    };
  }
}
