package io.inferenceperf.config;

import io.inferenceperf.common.Suggestions;
import io.inferenceperf.config.Node.Invalid;
import io.inferenceperf.config.Node.ListNode;
import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.Origin;
import io.inferenceperf.config.Node.ScalarNode;
import io.inferenceperf.config.SchemaKey.DefaultContext;
import io.inferenceperf.config.Shape.ListOf;
import io.inferenceperf.config.Shape.MapOf;
import io.inferenceperf.config.Shape.Scalar;
import io.inferenceperf.config.Shape.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the merged user tree against {@link ConfigSchema} key by key: unknown keys (with "did you mean"), keys
 * not supported yet, types, ranges, enum values and required keys. Returns the same tree typed and normalised,
 * in schema order, with every absent key filled with its default. A rejected value becomes {@link Invalid}; every
 * problem is collected, none stops the walk.
 */
final class SchemaValidator {

  private final List<ConfigProblem> problems;
  private final List<ConfigProblem> notes;
  private final java.util.Set<String> suggested;
  private final DefaultContext defaults;

  /**
   * @param suggested receives the paths offered as "did you mean" for unknown keys, so that the same mistake is
   *     not reported a second time as a missing key
   */
  SchemaValidator(Findings findings, DefaultContext defaults) {
    this.problems = findings.problems();
    this.notes = findings.notes();
    this.suggested = findings.suggestedPaths();
    this.defaults = defaults;
  }

  MapNode validate(MapNode root) {
    return section(root, ConfigSchema.ROOT, "");
  }

  private MapNode section(MapNode node, Section section, String path) {
    for (String name : node.entries().keySet()) {
      if (section.key(name).isEmpty() && section.unknownKeysIgnored()) {
        notes.add(ConfigProblem.at(join(path, name), node.keyOrigin(name), "unknown key, ignored (as inference-perf"
            + " does here); allowed: " + String.join(", ", supportedNames(section))
            + Suggestions.didYouMean(name, supportedNames(section))));
      } else if (section.key(name).isEmpty()) {
        problems.add(ConfigProblem.at(join(path, name), node.keyOrigin(name), unknownKeyMessage(name, section, path)));
      }
    }
    Map<String, Node> out = new LinkedHashMap<>();
    Map<String, Origin> keyOrigins = new LinkedHashMap<>();
    for (SchemaKey key : section.keys()) {
      String childPath = join(path, key.name());
      Node value = node.get(key.name());
      if (!key.supported()) {
        if (value != null && !isInert(value)) {
          problems.add(ConfigProblem.at(childPath, node.keyOrigin(key.name()), "not supported yet: " + childPath + " ("
              + key.meaning() + "; remove the key or set it to null)"));
        }
        continue;
      }
      Node typed = value == null || isNull(value)
          ? defaultValue(key, childPath, value != null ? value.origin() : node.origin())
          : check(value, key.shape(), childPath);
      out.put(key.name(), typed);
      keyOrigins.put(key.name(), value != null ? node.keyOrigin(key.name()) : Origin.DEFAULT);
    }
    return new MapNode(out, keyOrigins, node.origin());
  }

  private Node check(Node value, Shape shape, String path) {
    return switch (shape) {
      case Section s -> value instanceof MapNode m
          ? section(m, s, path)
          : reject(value, path, "expected a mapping with keys " + String.join(", ", supportedNames(s)) + ", got "
              + Node.describe(value));
      case ListOf l -> list(value, l, path);
      case MapOf m -> map(value, m, path);
      case Scalar s -> scalar(value, s, path);
      case Shape.ScalarOrSection e -> value instanceof MapNode m ? section(m, e.section(), path)
          : scalarOrSection(value, e, path);
      case Shape.FreeForm f -> value;
    };
  }

  private Node scalarOrSection(Node value, Shape.ScalarOrSection shape, String path) {
    ScalarCoercion.Result result = ScalarCoercion.coerce(value, shape.scalar());
    if (result.error() == null) {
      return result.value();
    }
    // A value of the right type but out of range keeps its precise message; a wrong type names both forms.
    String message = !result.error().startsWith("expected ") ? result.error()
        : "expected " + ScalarCoercion.expectation(shape.scalar()) + " or a mapping with keys "
            + String.join(", ", supportedNames(shape.section())) + ", got " + Node.describe(value);
    return reject(value, path, message);
  }

  private Node list(Node value, ListOf shape, String path) {
    if (!(value instanceof ListNode list)) {
      return reject(value, path, "expected a list (on the command line: JSON such as '[...]'), got "
          + Node.describe(value));
    }
    List<Node> items = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      items.add(check(list.items().get(i), shape.item(), path + "[" + i + "]"));
    }
    return new ListNode(items, list.origin());
  }

  private Node map(Node value, MapOf shape, String path) {
    if (!(value instanceof MapNode map)) {
      return reject(value, path, "expected a mapping (on the command line: JSON such as '{\"key\": \"value\"}'),"
          + " got " + Node.describe(value));
    }
    Map<String, Node> out = new LinkedHashMap<>();
    map.entries().forEach((key, child) -> {
      String childPath = path + "." + key;
      if (!shape.allowedKeys().isEmpty() && !shape.allowedKeys().contains(key)) {
        problems.add(ConfigProblem.at(childPath, map.keyOrigin(key), "unknown key; allowed: "
            + String.join(", ", shape.allowedKeys()) + Suggestions.didYouMean(key, shape.allowedKeys())));
        out.put(key, new Invalid(child, child.origin()));
      } else {
        out.put(key, shape.value() instanceof Shape.FreeForm ? child : check(child, shape.value(), childPath));
      }
    });
    return new MapNode(out, map.keyOrigins(), map.origin());
  }

  private Node scalar(Node value, Scalar shape, String path) {
    ScalarCoercion.Result result = ScalarCoercion.coerce(value, shape);
    return result.error() == null ? result.value() : reject(value, path, result.error());
  }

  private Node reject(Node value, String path, String message) {
    problems.add(ConfigProblem.at(path, value.origin(), message));
    return new Invalid(value, value.origin());
  }

  private Node defaultValue(SchemaKey key, String path, Origin where) {
    return switch (key.defaultValue().kind()) {
      case NONE -> ScalarNode.nullAt(Origin.DEFAULT);
      case REQUIRED -> {
        if (!suggested.contains(path)) {
          problems.add(ConfigProblem.at(path, where, "missing required key" + requiredHint(key)));
        }
        yield new Invalid(null, where);
      }
      case SECTION -> section(MapNode.empty(Origin.DEFAULT), (Section) key.shape(), path);
      case FIXED -> Plain.toNode(key.defaultValue().value(), Origin.DEFAULT);
      case COMPUTED -> Plain.toNode(key.defaultValue().computed().apply(defaults), Origin.DEFAULT);
    };
  }

  private static String requiredHint(SchemaKey key) {
    if (key.shape() instanceof Scalar s && s.type() == Shape.ScalarType.ENUM) {
      return " (one of " + String.join(", ", s.choices()) + ")";
    }
    return "";
  }

  /** Suggests, in order: a respelling of a key here, the same key elsewhere, a near miss here, the keys here. */
  private String unknownKeyMessage(String name, Section section, String path) {
    Optional<String> respelt = Suggestions.sameSpelling(name, section.names());
    if (respelt.isPresent()) {
      suggested.add(join(path, respelt.get()));
      return "unknown key; did you mean " + join(path, respelt.get()) + "?";
    }
    Optional<String> elsewhere = ConfigSchema.entries().stream()
        .filter(e -> e.key().name().equals(name) && e.key().supported())
        .map(ConfigSchema.Entry::path)
        .findFirst();
    if (elsewhere.isPresent()) {
      return "unknown key here; did you mean " + elsewhere.get() + "?";
    }
    Optional<String> nearMiss = Suggestions.closest(name, supportedNames(section))
        .or(() -> Suggestions.closest(name, section.names()));
    if (nearMiss.isPresent()) {
      suggested.add(join(path, nearMiss.get()));
      return "unknown key; did you mean " + join(path, nearMiss.get()) + "?";
    }
    String where = path.isEmpty() ? "at the top level" : "in " + path;
    return "unknown key; allowed " + where + ": " + String.join(", ", supportedNames(section));
  }

  private static List<String> supportedNames(Section section) {
    return section.keys().stream().filter(SchemaKey::supported).map(SchemaKey::name).toList();
  }

  /** Null, an empty list or an empty mapping: equivalent to leaving a key out. */
  private static boolean isInert(Node node) {
    return isNull(node)
        || (node instanceof ListNode l && l.items().isEmpty())
        || (node instanceof MapNode m && m.entries().isEmpty());
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.isNull();
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
