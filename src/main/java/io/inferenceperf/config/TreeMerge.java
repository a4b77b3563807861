package io.inferenceperf.config;

import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.Origin;
import java.util.LinkedHashMap;
import java.util.Map;

/** inference-perf's deep merge: mappings merge key by key, recursively; lists and scalars are replaced. */
final class TreeMerge {

  private TreeMerge() {}

  /** {@code over} wins; the result keeps {@code base}'s key order with new keys appended. */
  static MapNode merge(MapNode base, MapNode over) {
    Map<String, Node> entries = new LinkedHashMap<>(base.entries());
    Map<String, Origin> keyOrigins = new LinkedHashMap<>(base.keyOrigins());
    over.entries().forEach((key, value) -> {
      Node old = entries.get(key);
      entries.put(key, old instanceof MapNode oldMap && value instanceof MapNode newMap ? merge(oldMap, newMap) : value);
      keyOrigins.put(key, over.keyOrigin(key));
    });
    return new MapNode(entries, keyOrigins, base.entries().isEmpty() ? over.origin() : base.origin());
  }
}
