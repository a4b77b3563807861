package io.inferenceperf.config;

import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.Origin;
import io.inferenceperf.config.Node.ScalarNode;
import io.inferenceperf.config.Shape.ListOf;
import io.inferenceperf.config.Shape.MapOf;
import io.inferenceperf.config.Shape.Section;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code --section.key value} / {@code --section.key=value} overrides into a tree, later flags winning.
 * Values of scalar keys stay text and are typed by the schema later (so "10", "true", "yes" work); values of
 * list, mapping and free-form keys are parsed as JSON (or YAML flow), e.g. {@code --load.stages '[{"rate":10,
 * "duration":60}]'}.
 */
final class CliOverrides {

  private CliOverrides() {}

  static MapNode parse(List<String> args, List<ConfigProblem> problems) {
    MapNode tree = MapNode.empty(Origin.DEFAULT);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        problems.add(new ConfigProblem("", -1, -1, Origin.DEFAULT_SOURCE,
            "unexpected argument '" + arg + "': overrides look like --section.key VALUE"));
        continue;
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        problems.add(new ConfigProblem(name, -1, -1, "--" + name,
            "needs a value, e.g. --" + name + " VALUE (lists and maps as JSON)"));
        continue;
      }
      MapNode one = override(name, value, problems);
      if (one != null) {
        tree = TreeMerge.merge(tree, one);
      }
    }
    return tree;
  }

  /** One override as a tree of single-key maps, or null (with a problem) when it cannot be applied. */
  private static MapNode override(String name, String value, List<ConfigProblem> problems) {
    String flag = "--" + name;
    String[] segments = name.split("\\.", -1);
    for (String segment : segments) {
      if (segment.isEmpty()) {
        problems.add(new ConfigProblem(name, -1, -1, flag, "malformed key path: empty part between dots"));
        return null;
      }
    }
    Shape shape = ConfigSchema.ROOT;
    for (int i = 0; i < segments.length && shape != null; i++) {
      if (shape instanceof ListOf) {
        String listPath = String.join(".", java.util.Arrays.copyOf(segments, i));
        problems.add(new ConfigProblem(name, -1, -1, flag,
            "list items cannot be set one by one; pass the whole list as JSON, e.g. --" + listPath
                + " '[{...}]'"));
        return null;
      }
      shape = child(shape, segments[i]);
    }
    Origin origin = Origin.cli(flag);
    Node node = structured(shape)
        ? YamlReader.readCliValue(value, flag, name, problems)
        : new ScalarNode(value, ScalarNode.Kind.STRING, origin);
    if (node == null) {
      return null;
    }
    // The mappings around the value were not written by the user: they get no position, so that a problem about
    // a sibling key (say, a missing server.base_url next to --server.model_name) does not blame this flag.
    for (int i = segments.length - 1; i >= 0; i--) {
      node = new MapNode(Map.of(segments[i], node), Map.of(segments[i], origin), Origin.DEFAULT);
    }
    return (MapNode) node;
  }

  /** The shape under {@code key}, or null when unknown (validation reports unknown keys). */
  private static Shape child(Shape parent, String key) {
    return switch (parent) {
      case Section s -> s.key(key).map(k -> k.supported() ? k.shape() : new Shape.FreeForm()).orElse(null);
      case Shape.ScalarOrSection e -> child(e.section(), key);
      case MapOf m -> m.value();
      case Shape.FreeForm f -> f;
      default -> null;
    };
  }

  private static boolean structured(Shape shape) {
    return shape instanceof Section || shape instanceof ListOf || shape instanceof MapOf
        || shape instanceof Shape.FreeForm || shape instanceof Shape.ScalarOrSection;
  }
}
