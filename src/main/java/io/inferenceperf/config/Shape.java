package io.inferenceperf.config;

import java.util.List;
import java.util.Optional;

/** What a config key may hold. Part of {@link ConfigSchema}; drives validation, defaults, help and docs. */
public sealed interface Shape {

  /**
   * A mapping with a fixed set of keys.
   *
   * @param unknownKeysIgnored whether a key not in {@code keys} is only warned about (inference-perf ignores unknown
   *     keys in a few sections, e.g. circuit_breakers) rather than an error
   */
  record Section(List<SchemaKey> keys, boolean unknownKeysIgnored) implements Shape {
    public Section {
      keys = List.copyOf(keys);
    }

    public Section(List<SchemaKey> keys) {
      this(keys, false);
    }

    public Optional<SchemaKey> key(String name) {
      return keys.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    public List<String> names() {
      return keys.stream().map(SchemaKey::name).toList();
    }
  }

  /** A list whose items all have the same shape. */
  record ListOf(Shape item) implements Shape {}

  /**
   * A mapping with free keys and values of one shape.
   *
   * @param allowedKeys when not empty, the only keys allowed
   */
  record MapOf(Shape value, List<String> allowedKeys) implements Shape {
    public MapOf {
      allowedKeys = List.copyOf(allowedKeys);
    }
  }

  /**
   * A single value.
   *
   * @param choices for ENUM: the values accepted now
   * @param notYetChoices for ENUM: values inference-perf accepts that this tool does not support yet
   */
  record Scalar(ScalarType type, Range range, List<String> choices, List<String> notYetChoices) implements Shape {
    public Scalar {
      choices = List.copyOf(choices);
      notYetChoices = List.copyOf(notYetChoices);
    }
  }

  /**
   * Either a single value or a mapping, e.g. a token length given as an integer or as a distribution. A mapping is
   * checked against {@code section}, anything else against {@code scalar}.
   */
  record ScalarOrSection(Scalar scalar, Section section) implements Shape {}

  /** Anything (YAML maps, lists and scalars), passed through unchecked; its consumer validates it. */
  record FreeForm() implements Shape {}

  enum ScalarType {
    STRING("string"),
    BOOL("boolean"),
    INT("integer"),
    LONG("integer"),
    NUMBER("number"),
    ENUM("string"),
    URL("http(s) URL");

    public final String description;

    ScalarType(String description) {
      this.description = description;
    }
  }

  /** An interval of numbers; null bounds are open ends. */
  record Range(Double min, boolean minInclusive, Double max, boolean maxInclusive) {
    public static final Range ANY = new Range(null, false, null, false);

    public static Range positive() {
      return new Range(0.0, false, null, false);
    }

    public static Range atLeast(double min) {
      return new Range(min, true, null, false);
    }

    public static Range between(double min, double max) {
      return new Range(min, true, max, true);
    }

    public boolean contains(double v) {
      boolean aboveMin = min == null || (minInclusive ? v >= min : v > min);
      boolean belowMax = max == null || (maxInclusive ? v <= max : v < max);
      return aboveMin && belowMax;
    }

    /** E.g. "> 0", ">= 1", "between 0 and 100", or "" for any. */
    public String describe() {
      if (min != null && max != null && minInclusive && maxInclusive) {
        return "between " + num(min) + " and " + num(max);
      }
      StringBuilder s = new StringBuilder();
      if (min != null) {
        s.append(minInclusive ? ">= " : "> ").append(num(min));
      }
      if (max != null) {
        s.append(s.isEmpty() ? "" : " and ").append(maxInclusive ? "<= " : "< ").append(num(max));
      }
      return s.toString();
    }

    static String num(double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
  }
}
