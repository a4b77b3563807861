package io.inferenceperf.config;

import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.ScalarNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values the loader fills in after validation, written into the resolved tree so that the config.yaml saved with
 * a report reproduces the run exactly: the expanded {timestamp} and std_dev derived from variance.
 */
final class DerivedValues {

  private DerivedValues() {}

  static MapNode apply(MapNode root, String timestamp) {
    MapNode out = expandTimestamp(root, timestamp);
    for (String key : new String[] {"input_distribution", "output_distribution"}) {
      if (out.get("data") instanceof MapNode data && data.get(key) instanceof MapNode dist) {
        out = with(out, "data", with(data, key, stdDevFromVariance(dist)));
      }
    }
    return out;
  }

  /**
   * Replaces {timestamp} in the path of every storage backend (one time for all of them), as inference-perf does
   * at load time.
   */
  private static MapNode expandTimestamp(MapNode root, String timestamp) {
    if (!(root.get("storage") instanceof MapNode storage)) return root;
    for (String backend : new String[] {"local_storage", "simple_storage_service", "google_cloud_storage"}) {
      if (storage.get(backend) instanceof MapNode section
          && section.get("path") instanceof ScalarNode path
          && path.kind() == ScalarNode.Kind.STRING) {
        ScalarNode expanded = new ScalarNode(path.text().replace(ConfigSchema.TIMESTAMP_PLACEHOLDER, timestamp),
            ScalarNode.Kind.STRING, path.origin());
        storage = with(storage, backend, with(section, "path", expanded));
      }
    }
    return with(root, "storage", storage);
  }

  /**
   * When variance is given and std_dev is left at its default, std_dev becomes sqrt(variance). (In inference-perf
   * the default std_dev of 200 would win unless std_dev: 0 is also set; we follow the evident intent.)
   */
  private static MapNode stdDevFromVariance(MapNode dist) {
    if (dist.get("variance") instanceof ScalarNode variance
        && variance.value() instanceof Number v
        && dist.get("std_dev") instanceof ScalarNode stdDev
        && stdDev.origin().isDefault()) {
      double derived = Math.sqrt(v.doubleValue());
      return with(dist, "std_dev", new ScalarNode(Double.toString(derived), ScalarNode.Kind.FLOAT, stdDev.origin()));
    }
    return dist;
  }

  private static MapNode with(MapNode map, String key, Node value) {
    Map<String, Node> entries = new LinkedHashMap<>(map.entries());
    entries.put(key, value);
    return new MapNode(entries, map.keyOrigins(), map.origin());
  }
}
