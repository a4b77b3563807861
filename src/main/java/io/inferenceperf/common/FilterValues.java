package io.inferenceperf.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python's rules for the values a {@link RecordFilter} sees: null (None), Boolean, Long, Double, String, List and
 * Map (a JSON record as Jackson reads it into plain Java). A rule Python would refuse (comparing a string with a
 * number, a missing key) throws {@link Failure}, which the node turns into an error naming its position.
 */
final class FilterValues {

  /** A Python TypeError, KeyError or IndexError, without its position. */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message);
    }
  }

  private FilterValues() {}

  /** Integers as Long (Jackson gives Integer, Long or BigInteger), other numbers as Double. */
  static Object normalize(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof java.math.BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
    }
    if (value instanceof Float || value instanceof java.math.BigDecimal) return ((Number) value).doubleValue();
    return value;
  }

  static boolean truthy(Object value) {
    value = normalize(value);
    if (value == null) return false;
    if (value instanceof Boolean b) return b;
    if (value instanceof Long l) return l != 0;
    if (value instanceof Double d) return d != 0.0;
    if (value instanceof String s) return !s.isEmpty();
    if (value instanceof List<?> l) return !l.isEmpty();
    if (value instanceof Map<?, ?> m) return !m.isEmpty();
    return true;
  }

  static String typeName(Object value) {
    value = normalize(value);
    if (value == null) return "NoneType";
    if (value instanceof Boolean) return "bool";
    if (value instanceof Long) return "int";
    if (value instanceof Double) return "float";
    if (value instanceof String) return "str";
    if (value instanceof List<?>) return "list";
    if (value instanceof Map<?, ?>) return "dict";
    return value.getClass().getSimpleName();
  }

  /** Python's bool is an int: True + 1 == 2. */
  private static boolean numeric(Object value) {
    return value instanceof Long || value instanceof Double || value instanceof Boolean;
  }

  private static Object asNumber(Object value) {
    return value instanceof Boolean b ? (Object) (b ? 1L : 0L) : value;
  }

  static boolean equal(Object a, Object b) {
    a = normalize(a);
    b = normalize(b);
    if (numeric(a) && numeric(b)) return compareNumbers(asNumber(a), asNumber(b)) == 0;
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) return false;
      for (int i = 0; i < la.size(); i++) {
        if (!equal(la.get(i), lb.get(i))) return false;
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  /** The sign of a - b for numbers or strings; other pairs fail as in Python. */
  static int compare(Object a, Object b, String op) {
    a = normalize(a);
    b = normalize(b);
    if (numeric(a) && numeric(b)) return compareNumbers(asNumber(a), asNumber(b));
    if (a instanceof String sa && b instanceof String sb) return Integer.signum(sa.compareTo(sb));
    throw new Failure("'" + op + "' not supported between " + typeName(a) + " and " + typeName(b));
  }

  private static int compareNumbers(Object a, Object b) {
    if (a instanceof Long la && b instanceof Long lb) return Long.compare(la, lb);
    return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
  }

  static boolean contains(Object container, Object item) {
    container = normalize(container);
    if (container instanceof String s) {
      if (!(normalize(item) instanceof String sub)) {
        throw new Failure("'in <str>' needs a str on the left, not " + typeName(item));
      }
      return s.contains(sub);
    }
    if (container instanceof List<?> list) return list.stream().anyMatch(element -> equal(element, item));
    if (container instanceof Map<?, ?> map) return map.containsKey(normalize(item) instanceof String s ? s : item);
    throw new Failure("'in' needs a str, list or dict on the right, not " + typeName(container));
  }

  static Object arithmetic(String op, Object a, Object b) {
    a = normalize(a);
    b = normalize(b);
    if (op.equals("+") && a instanceof String sa && b instanceof String sb) return sa + sb;
    if (op.equals("+") && a instanceof List<?> la && b instanceof List<?> lb) {
      List<Object> joined = new ArrayList<>(la);
      joined.addAll(lb);
      return joined;
    }
    if (!numeric(a) || !numeric(b)) {
      throw new Failure("'" + op + "' not supported between " + typeName(a) + " and " + typeName(b));
    }
    Object x = asNumber(a);
    Object y = asNumber(b);
    if (x instanceof Long lx && y instanceof Long ly && !op.equals("/")) return integerArithmetic(op, lx, ly);
    double dx = ((Number) x).doubleValue();
    double dy = ((Number) y).doubleValue();
    if ((op.equals("/") || op.equals("//") || op.equals("%")) && dy == 0) throw new Failure("division by zero");
    return switch (op) {
      case "+" -> dx + dy;
      case "-" -> dx - dy;
      case "*" -> dx * dy;
      case "/" -> dx / dy;
      case "//" -> Math.floor(dx / dy);
      default -> dx - dy * Math.floor(dx / dy); // Python's % takes the sign of the divisor
    };
  }

  private static Object integerArithmetic(String op, long x, long y) {
    if ((op.equals("//") || op.equals("%")) && y == 0) throw new Failure("integer division by zero");
    return switch (op) {
      case "+" -> x + y;
      case "-" -> x - y;
      case "*" -> x * y;
      case "//" -> Math.floorDiv(x, y);
      default -> Math.floorMod(x, y);
    };
  }

  static Object negate(Object value) {
    value = asNumber(normalize(value));
    if (value instanceof Long l) return -l;
    if (value instanceof Double d) return -d;
    throw new Failure("bad operand type for unary -: " + typeName(value));
  }

  /** {@code container[key]}: a dict key, or a list or string index (negative from the end). */
  static Object index(Object container, Object key) {
    container = normalize(container);
    key = normalize(key);
    if (container instanceof Map<?, ?> map) {
      if (!map.containsKey(key)) throw new Failure("KeyError: " + FilterNode.literal(key) + " is not in the record");
      return map.get(key);
    }
    if (container instanceof List<?> || container instanceof String) {
      if (!(key instanceof Long i)) throw new Failure("indices must be integers, not " + typeName(key));
      int size = container instanceof List<?> l ? l.size() : ((String) container).length();
      long at = i < 0 ? size + i : i;
      if (at < 0 || at >= size) throw new Failure("IndexError: index " + i + " out of range (length " + size + ")");
      return container instanceof List<?> l ? l.get((int) at) : String.valueOf(((String) container).charAt((int) at));
    }
    throw new Failure("'" + typeName(container) + "' object is not subscriptable");
  }
}
