package io.inferenceperf.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config as a tree of positioned values, before it becomes records: every node remembers where it came from
 * (file line and column, CLI flag, or built-in default) so that a problem can point at it. Maps keep key order.
 */
sealed interface Node {

  Origin origin();

  /** Where a node came from. Line and column are 1-based, or -1 when unknown (CLI values, defaults). */
  record Origin(String source, int line, int column) {
    static final String DEFAULT_SOURCE = "default";
    static final Origin DEFAULT = new Origin(DEFAULT_SOURCE, -1, -1);

    static Origin cli(String flag) {
      return new Origin(flag, -1, -1);
    }

    boolean isCli() {
      return source.startsWith("-");
    }

    boolean isDefault() {
      return DEFAULT_SOURCE.equals(source);
    }
  }

  /** A mapping; {@code keyOrigins} holds where each key itself was written (for "unknown key" messages). */
  record MapNode(Map<String, Node> entries, Map<String, Origin> keyOrigins, Origin origin) implements Node {
    public MapNode {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      keyOrigins = Collections.unmodifiableMap(new LinkedHashMap<>(keyOrigins));
    }

    static MapNode empty(Origin origin) {
      return new MapNode(Map.of(), Map.of(), origin);
    }

    Node get(String key) {
      return entries.get(key);
    }

    Origin keyOrigin(String key) {
      Origin o = keyOrigins.get(key);
      return o != null ? o : origin;
    }
  }

  record ListNode(List<Node> items, Origin origin) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }
  }

  /**
   * A scalar. {@code text} is the value as written; {@code kind} is what YAML resolved it to (CLI scalars arrive
   * as STRING and are typed by the schema). After validation the kind matches the key's type and {@link #value()}
   * returns the Java value.
   */
  record ScalarNode(String text, Kind kind, Origin origin) implements Node {
    enum Kind {
      STRING,
      INT,
      FLOAT,
      BOOL,
      NULL
    }

    static ScalarNode nullAt(Origin origin) {
      return new ScalarNode("null", Kind.NULL, origin);
    }

    boolean isNull() {
      return kind == Kind.NULL;
    }

    /** String, Long, Double, Boolean or null; only meaningful once validation has normalised the text. */
    Object value() {
      return switch (kind) {
        case STRING -> text;
        case INT -> Long.parseLong(text);
        case FLOAT -> Double.parseDouble(text);
        case BOOL -> Boolean.parseBoolean(text);
        case NULL -> null;
      };
    }
  }

  /**
   * Placeholder left by validation where a value was rejected or a required one is missing, so later rules skip
   * it instead of guessing.
   *
   * @param original the rejected value, or null when missing
   */
  record Invalid(Node original, Origin origin) implements Node {}

  /** A short description for "expected X, got Y" messages. */
  static String describe(Node node) {
    return switch (node) {
      case MapNode m -> "a mapping";
      case ListNode l -> "a list";
      case Invalid i -> "an invalid value";
      case ScalarNode s ->
          switch (s.kind()) {
            case NULL -> "null";
            case BOOL -> "boolean " + s.text();
            case INT -> "integer " + s.text();
            case FLOAT -> "number " + s.text();
            case STRING -> "'" + s.text() + "'";
          };
    };
  }
}
