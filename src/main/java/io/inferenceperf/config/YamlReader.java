package io.inferenceperf.config;

import io.inferenceperf.config.Node.ListNode;
import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.Origin;
import io.inferenceperf.config.Node.ScalarNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns YAML text into a positioned {@link Node} tree with SnakeYAML's composer (which keeps start marks), so every
 * value knows its line and column. Syntax errors become problems with a position, never exceptions. Handles
 * anchors, aliases and {@code <<} merge keys; reports duplicate keys.
 */
final class YamlReader {

  private static final int MAX_DEPTH = 64;

  private final String source;
  private final boolean positional;
  private final List<ConfigProblem> problems;

  /**
   * @param source file name or CLI flag, used in origins and messages
   * @param positional true for a file (origins get line/column); false for a CLI value (origins name the flag)
   */
  private YamlReader(String source, boolean positional, List<ConfigProblem> problems) {
    this.source = source;
    this.positional = positional;
    this.problems = problems;
  }

  /** Reads a config file's text: returns its top-level mapping (empty for an empty file), or null on error. */
  static MapNode readFile(String text, String fileName, List<ConfigProblem> problems) {
    int before = problems.size();
    Node root = new YamlReader(fileName, true, problems).parse(text, "");
    if (root == null) {
      return problems.size() == before ? MapNode.empty(new Origin(fileName, 1, 1)) : null;
    }
    if (root instanceof ScalarNode s && s.isNull()) {
      return MapNode.empty(root.origin());
    }
    if (!(root instanceof MapNode map)) {
      problems.add(ConfigProblem.at("", root.origin(),
          "the config file must be a mapping of sections (api:, data:, load:, server:, ...), got "
              + Node.describe(root)));
      return null;
    }
    return map;
  }

  /** Reads a CLI value written as JSON or YAML flow text (e.g. a list of stages); null on error. */
  static Node readCliValue(String text, String flag, String keyPath, List<ConfigProblem> problems) {
    int before = problems.size();
    Node node = new YamlReader(flag, false, problems).parse(text, keyPath);
    return node != null ? node : (problems.size() == before ? ScalarNode.nullAt(Origin.cli(flag)) : null);
  }

  private Node parse(String text, String keyPath) {
    int before = problems.size();
    org.yaml.snakeyaml.nodes.Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true); // reported by convert() with both positions instead
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      problems.add(syntaxProblem(keyPath, e));
      return null;
    } catch (YAMLException e) {
      problems.add(new ConfigProblem(keyPath, -1, -1, source, "invalid YAML: " + firstLine(e.getMessage())));
      return null;
    }
    if (root == null) {
      return null;
    }
    Node node = convert(root, keyPath, 0);
    return problems.size() > before ? null : node;
  }

  private ConfigProblem syntaxProblem(String keyPath, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String what = e.getProblem() != null ? e.getProblem() : firstLine(e.getMessage());
    if (e.getContext() != null) {
      Mark from = e.getContextMark();
      String at = positional && from != null && from != mark
          ? " started at line " + (from.getLine() + 1) + ", column " + (from.getColumn() + 1)
          : "";
      what = what + " (" + e.getContext() + at + ")";
    }
    if (!positional) {
      String at = mark != null ? " at character " + (mark.getIndex() + 1) : "";
      return new ConfigProblem(keyPath, -1, -1, source, "cannot parse the value as JSON/YAML: " + what + at);
    }
    int line = mark != null ? mark.getLine() + 1 : -1;
    int column = mark != null ? mark.getColumn() + 1 : -1;
    return new ConfigProblem(keyPath, line, column, source, "YAML syntax error: " + what);
  }

  private Node convert(org.yaml.snakeyaml.nodes.Node node, String path, int depth) {
    Origin origin = origin(node);
    if (depth > MAX_DEPTH) {
      problems.add(ConfigProblem.at(path, origin, "nested too deeply (a recursive alias?)"));
      return new Node.Invalid(null, origin);
    }
    return switch (node) {
      case org.yaml.snakeyaml.nodes.ScalarNode s -> scalar(s, origin);
      case SequenceNode seq -> {
        List<Node> items = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
          items.add(convert(seq.getValue().get(i), path + "[" + i + "]", depth + 1));
        }
        yield new ListNode(items, origin);
      }
      case MappingNode map -> mapping(map, path, origin, depth);
      default -> {
        problems.add(ConfigProblem.at(path, origin, "unsupported YAML node"));
        yield new Node.Invalid(null, origin);
      }
    };
  }

  private Node mapping(MappingNode map, String path, Origin origin, int depth) {
    Map<String, Node> entries = new LinkedHashMap<>();
    Map<String, Origin> keyOrigins = new LinkedHashMap<>();
    List<MapNode> merged = new ArrayList<>();
    for (NodeTuple tuple : map.getValue()) {
      org.yaml.snakeyaml.nodes.Node keyNode = tuple.getKeyNode();
      Origin keyOrigin = origin(keyNode);
      if (Tag.MERGE.equals(keyNode.getTag())) {
        merged.addAll(mergeSources(tuple.getValueNode(), path, depth));
        continue;
      }
      if (!(keyNode instanceof org.yaml.snakeyaml.nodes.ScalarNode keyScalar)) {
        problems.add(ConfigProblem.at(path, keyOrigin, "keys must be plain names, got a " + keyNode.getNodeId()));
        continue;
      }
      String key = keyScalar.getValue();
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (entries.containsKey(key)) {
        Origin first = keyOrigins.get(key);
        String where = first.line() > 0 ? " (first set at line " + first.line() + ")" : "";
        problems.add(ConfigProblem.at(childPath, keyOrigin, "duplicate key" + where));
        continue;
      }
      entries.put(key, convert(tuple.getValueNode(), childPath, depth + 1));
      keyOrigins.put(key, keyOrigin);
    }
    // Merge keys (<<: *anchor) supply defaults: keys written explicitly win, earlier merge sources win.
    for (MapNode source : merged) {
      source.entries().forEach((k, v) -> {
        if (!entries.containsKey(k)) {
          entries.put(k, v);
          keyOrigins.put(k, source.keyOrigin(k));
        }
      });
    }
    return new MapNode(entries, keyOrigins, origin);
  }

  private List<MapNode> mergeSources(org.yaml.snakeyaml.nodes.Node value, String path, int depth) {
    List<MapNode> out = new ArrayList<>();
    List<org.yaml.snakeyaml.nodes.Node> sources =
        value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
    for (org.yaml.snakeyaml.nodes.Node source : sources) {
      if (convert(source, path, depth + 1) instanceof MapNode m) {
        out.add(m);
      } else {
        problems.add(ConfigProblem.at(path, origin(source), "a << merge key must refer to a mapping"));
      }
    }
    return out;
  }

  private static ScalarNode scalar(org.yaml.snakeyaml.nodes.ScalarNode s, Origin origin) {
    Tag tag = s.getTag();
    ScalarNode.Kind kind;
    if (Tag.NULL.equals(tag)) {
      kind = ScalarNode.Kind.NULL;
    } else if (Tag.BOOL.equals(tag)) {
      kind = ScalarNode.Kind.BOOL;
    } else if (Tag.INT.equals(tag)) {
      kind = ScalarNode.Kind.INT;
    } else if (Tag.FLOAT.equals(tag)) {
      kind = ScalarNode.Kind.FLOAT;
    } else {
      kind = ScalarNode.Kind.STRING; // str, timestamps, custom tags: the text as written
    }
    return new ScalarNode(s.getValue(), kind, origin);
  }

  private Origin origin(org.yaml.snakeyaml.nodes.Node node) {
    Mark mark = node.getStartMark();
    if (!positional || mark == null) {
      return Origin.cli(source);
    }
    return new Origin(source, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
