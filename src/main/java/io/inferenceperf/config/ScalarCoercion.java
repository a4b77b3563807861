package io.inferenceperf.config;

import io.inferenceperf.common.Suggestions;
import io.inferenceperf.config.Node.ScalarNode;
import io.inferenceperf.config.Node.ScalarNode.Kind;
import io.inferenceperf.config.Shape.Scalar;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks one non-null value against a scalar key type and returns it normalised (canonical text, kind matching
 * the type), or a message saying what was expected. YAML scalars and CLI strings go through the same rules, so
 * {@code rate: "10"} and {@code --load.stages ...rate 10} behave alike.
 */
final class ScalarCoercion {

  private static final Pattern DECIMAL_INT = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern HEX_INT = Pattern.compile("[-+]?0x[0-9a-fA-F]+");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

  /** Either the normalised node or a problem message. */
  record Result(ScalarNode value, String error) {
    static Result ok(ScalarNode value) {
      return new Result(value, null);
    }

    static Result error(String message) {
      return new Result(null, message);
    }
  }

  private ScalarCoercion() {}

  static Result coerce(Node node, Scalar shape) {
    if (!(node instanceof ScalarNode s)) {
      return Result.error("expected " + expectation(shape) + ", got " + Node.describe(node));
    }
    if (s.isNull()) {
      return Result.error("expected " + expectation(shape) + ", got null");
    }
    return switch (shape.type()) {
      case STRING -> Result.ok(new ScalarNode(s.text(), Kind.STRING, s.origin()));
      case BOOL -> bool(s);
      case INT -> integer(s, shape, true);
      case LONG -> integer(s, shape, false);
      case NUMBER -> number(s, shape);
      case ENUM -> enumValue(s, shape);
      case URL -> url(s);
    };
  }

  /** "an integer >= 0", "one of a, b", ... */
  static String expectation(Scalar shape) {
    String range = shape.range().describe();
    return switch (shape.type()) {
      case STRING -> "a string";
      case BOOL -> "a boolean (true/false, yes/no, 1/0)";
      case INT, LONG -> "an integer" + (range.isEmpty() ? "" : " " + range);
      case NUMBER -> "a number" + (range.isEmpty() ? "" : " " + range);
      case ENUM -> "one of " + String.join(", ", shape.choices());
      case URL -> "an http(s) URL";
    };
  }

  private static Result bool(ScalarNode s) {
    String t = s.text().trim().toLowerCase(Locale.ROOT);
    Boolean value = switch (t) {
      case "true", "yes", "1" -> Boolean.TRUE;
      case "false", "no", "0" -> Boolean.FALSE;
      // YAML 1.1 also reads on/off as booleans when they are unquoted
      case "on", "off" -> s.kind() == Kind.BOOL ? t.equals("on") : null;
      default -> null;
    };
    if (value == null) {
      return Result.error("expected a boolean (true/false, yes/no, 1/0; any case), got " + Node.describe(s));
    }
    return Result.ok(new ScalarNode(value.toString(), Kind.BOOL, s.origin()));
  }

  private static Result integer(ScalarNode s, Scalar shape, boolean int32) {
    if (s.kind() == Kind.BOOL) {
      return Result.error("expected an integer, got " + Node.describe(s));
    }
    BigInteger value = parseInteger(s.text());
    if (value == null) {
      Double d = parseDecimal(s.text());
      if (d != null && Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9e18) {
        value = BigInteger.valueOf(d.longValue()); // 60.0 is accepted where an integer is expected
      } else {
        return Result.error("expected an integer, got " + Node.describe(s));
      }
    }
    BigInteger limit = BigInteger.valueOf(int32 ? Integer.MAX_VALUE : Long.MAX_VALUE);
    BigInteger lowLimit = BigInteger.valueOf(int32 ? Integer.MIN_VALUE : Long.MIN_VALUE);
    if (value.compareTo(limit) > 0 || value.compareTo(lowLimit) < 0) {
      return Result.error("must be between " + lowLimit + " and " + limit + " (got " + s.text() + ")");
    }
    long v = value.longValue();
    if (!shape.range().contains(v)) {
      return Result.error("must be " + shape.range().describe() + " (got " + v + ")");
    }
    return Result.ok(new ScalarNode(Long.toString(v), Kind.INT, s.origin()));
  }

  private static Result number(ScalarNode s, Scalar shape) {
    if (s.kind() == Kind.BOOL) {
      return Result.error("expected a number, got " + Node.describe(s));
    }
    BigInteger asInt = parseInteger(s.text());
    if (asInt != null && asInt.bitLength() < 63) {
      long v = asInt.longValue();
      if (!shape.range().contains(v)) {
        return Result.error("must be " + shape.range().describe() + " (got " + v + ")");
      }
      return Result.ok(new ScalarNode(Long.toString(v), Kind.INT, s.origin()));
    }
    Double d = parseDecimal(s.text());
    if (d == null) {
      return Result.error("expected a number, got " + Node.describe(s));
    }
    if (!Double.isFinite(d)) {
      return Result.error("must be a finite number (got " + s.text() + ")");
    }
    if (!shape.range().contains(d)) {
      return Result.error("must be " + shape.range().describe() + " (got " + s.text().trim() + ")");
    }
    return Result.ok(new ScalarNode(Double.toString(d), Kind.FLOAT, s.origin()));
  }

  private static Result enumValue(ScalarNode s, Scalar shape) {
    String t = s.text();
    if (shape.choices().contains(t)) {
      return Result.ok(new ScalarNode(t, Kind.STRING, s.origin()));
    }
    String supported = String.join(", ", shape.choices());
    if (shape.notYetChoices().contains(t)) {
      return Result.error("not supported yet: " + t + " (supported now: " + supported + ")");
    }
    java.util.List<String> all = new java.util.ArrayList<>(shape.choices());
    all.addAll(shape.notYetChoices());
    String hint = Suggestions.closest(t, all).map(c -> "; did you mean " + c + "?").orElse("");
    return Result.error("must be one of " + supported + " (got " + Node.describe(s) + hint + ")");
  }

  private static Result url(ScalarNode s) {
    String t = s.text().trim();
    String error = "must be an http:// or https:// URL with a host, e.g. http://localhost:8000 (got "
        + Node.describe(s) + ")";
    try {
      URI uri = new URI(t);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        return Result.error(error);
      }
    } catch (URISyntaxException e) {
      return Result.error(error);
    }
    return Result.ok(new ScalarNode(t, Kind.STRING, s.origin()));
  }

  private static BigInteger parseInteger(String text) {
    String t = text.trim().replace("_", "");
    if (DECIMAL_INT.matcher(t).matches()) {
      return new BigInteger(t.startsWith("+") ? t.substring(1) : t);
    }
    if (HEX_INT.matcher(t).matches()) {
      boolean negative = t.startsWith("-");
      BigInteger v = new BigInteger(t.substring(t.indexOf('x') + 1), 16);
      return negative ? v.negate() : v;
    }
    return null;
  }

  private static Double parseDecimal(String text) {
    String t = text.trim().replace("_", "");
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.matches("[-+]?\\.inf")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.equals(".nan")) {
      return Double.NaN;
    }
    return DECIMAL.matcher(t).matches() ? Double.valueOf(t) : null;
  }
}
