package io.inferenceperf.simulator.options;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One simulator option: its snake_case key, value kind, allowed range or choices, and help text. Converts a raw
 * value (from YAML: numbers, booleans, strings, lists; from the command line: strings) into the canonical Java type
 * ({@link Integer}, {@link Long}, {@link Double}, {@link Boolean}, {@link String} or {@code List<String>}), or
 * explains why it cannot.
 */
public record OptionSpec(String key, Kind kind, double min, double max, List<String> choices, String help) {

  /** The kind of value an option takes. */
  public enum Kind {
    INT,
    LONG,
    DOUBLE,
    BOOL,
    STRING,
    CHOICE,
    STRING_LIST
  }

  static OptionSpec intOption(String key, long min, long max, String help) {
    return new OptionSpec(key, Kind.INT, min, max, List.of(), help);
  }

  static OptionSpec longOption(String key, long min, long max, String help) {
    return new OptionSpec(key, Kind.LONG, min, max, List.of(), help);
  }

  static OptionSpec doubleOption(String key, double min, double max, String help) {
    return new OptionSpec(key, Kind.DOUBLE, min, max, List.of(), help);
  }

  static OptionSpec boolOption(String key, String help) {
    return new OptionSpec(key, Kind.BOOL, 0, 0, List.of(), help);
  }

  static OptionSpec stringOption(String key, String help) {
    return new OptionSpec(key, Kind.STRING, 0, 0, List.of(), help);
  }

  static OptionSpec choiceOption(String key, List<String> choices, String help) {
    return new OptionSpec(key, Kind.CHOICE, 0, 0, List.copyOf(choices), help);
  }

  static OptionSpec listOption(String key, String help) {
    return new OptionSpec(key, Kind.STRING_LIST, 0, 0, List.of(), help);
  }

  /** The outcome of converting one raw value: exactly one of value and problem is non-null. */
  record Converted(Object value, String problem) {
    static Converted ok(Object value) {
      return new Converted(value, null);
    }

    static Converted bad(String problem) {
      return new Converted(null, problem);
    }
  }

  Converted convert(Object raw) {
    if (raw == null) {
      return Converted.bad(key + ": a value is required");
    }
    return switch (kind) {
      case INT, LONG -> convertWhole(raw);
      case DOUBLE -> convertDouble(raw);
      case BOOL -> convertBool(raw);
      case STRING -> raw instanceof String s ? Converted.ok(s) : Converted.bad(key + ": expected text, got " + describe(raw));
      case CHOICE -> convertChoice(raw);
      case STRING_LIST -> convertList(raw);
    };
  }

  /** A short description of the accepted values, for help output. */
  public String typeHint() {
    return switch (kind) {
      case INT, LONG -> "integer " + rangeText();
      case DOUBLE -> "number " + rangeText();
      case BOOL -> "true|false";
      case STRING -> "text";
      case CHOICE -> String.join("|", choices);
      case STRING_LIST -> "list (comma-separated on the command line)";
    };
  }

  private Converted convertWhole(Object raw) {
    Double number = asNumber(raw);
    if (number == null || number != Math.rint(number) || Double.isInfinite(number)) {
      return Converted.bad(key + ": expected a whole number, got " + describe(raw));
    }
    if (number < min || number > max) {
      return Converted.bad(key + ": " + formatNumber(number) + " is out of range, allowed " + rangeText());
    }
    long whole = number.longValue();
    return Converted.ok(kind == Kind.INT ? (Object) (int) whole : (Object) whole);
  }

  private Converted convertDouble(Object raw) {
    Double number = asNumber(raw);
    if (number == null || number.isNaN() || number.isInfinite()) {
      return Converted.bad(key + ": expected a number, got " + describe(raw));
    }
    if (number < min || number > max) {
      return Converted.bad(key + ": " + formatNumber(number) + " is out of range, allowed " + rangeText());
    }
    return Converted.ok(number);
  }

  private Converted convertBool(Object raw) {
    if (raw instanceof Boolean b) {
      return Converted.ok(b);
    }
    if (raw instanceof String s) {
      String lower = s.trim().toLowerCase(Locale.ROOT);
      if (lower.equals("true") || lower.equals("false")) {
        return Converted.ok(Boolean.parseBoolean(lower));
      }
    }
    return Converted.bad(key + ": expected true or false, got " + describe(raw));
  }

  private Converted convertChoice(Object raw) {
    if (raw instanceof String s) {
      String lower = s.trim().toLowerCase(Locale.ROOT);
      if (choices.contains(lower)) {
        return Converted.ok(lower);
      }
    }
    return Converted.bad(key + ": expected one of " + String.join(", ", choices) + ", got " + describe(raw));
  }

  private Converted convertList(Object raw) {
    List<String> items = new ArrayList<>();
    if (raw instanceof String s) {
      Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).forEach(items::add);
      return Converted.ok(List.copyOf(items));
    }
    if (raw instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof String text) || text.isBlank()) {
          return Converted.bad(key + ": every list item must be non-empty text, got " + describe(item));
        }
        items.add(text.trim());
      }
      return Converted.ok(List.copyOf(items));
    }
    return Converted.bad(key + ": expected a list of names, got " + describe(raw));
  }

  private static Double asNumber(Object raw) {
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    if (raw instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private String rangeText() {
    if (min <= -Long.MAX_VALUE / 2.0) {
      return "(any)";
    }
    boolean unboundedMax = max >= Long.MAX_VALUE / 2.0 || Double.isInfinite(max);
    return unboundedMax ? ">= " + formatNumber(min) : "[" + formatNumber(min) + ", " + formatNumber(max) + "]";
  }

  static String formatNumber(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }

  private static String describe(Object raw) {
    if (raw == null) {
      return "nothing";
    }
    if (raw instanceof String s) {
      return "'" + s + "'";
    }
    return raw + " (" + raw.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")";
  }
}
