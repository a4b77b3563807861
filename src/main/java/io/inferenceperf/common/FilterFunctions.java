package io.inferenceperf.common;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The functions and methods a {@link RecordFilter} may call, with Python's results. */
final class FilterFunctions {

  static final Set<String> FUNCTIONS = Set.of("len", "abs", "min", "max", "int", "float", "str", "bool");
  static final Set<String> METHODS = Set.of("get", "startswith", "endswith", "lower", "upper", "strip");

  private FilterFunctions() {}

  /** How many arguments a function or method takes: {min, max}. */
  static int[] arity(String name) {
    return switch (name) {
      case "min", "max" -> new int[] {2, Integer.MAX_VALUE}; // min(a, b, ...); min(list) is not needed by filters
      case "get" -> new int[] {1, 2};
      case "lower", "upper", "strip" -> new int[] {0, 0};
      default -> new int[] {1, 1};
    };
  }

  static Object call(String function, List<Object> args) {
    Object a = args.isEmpty() ? null : FilterValues.normalize(args.get(0));
    return switch (function) {
      case "len" -> length(a);
      case "abs" -> FilterValues.compare(a, 0L, "abs") < 0 ? FilterValues.negate(a) : a;
      case "min", "max" -> extreme(function.equals("max"), args);
      case "int" -> toInt(a);
      case "float" -> toFloat(a);
      case "str" -> a instanceof String s ? s : FilterNode.literal(a).replaceAll("^'|'$", "");
      default -> FilterValues.truthy(a);
    };
  }

  private static long length(Object a) {
    if (a instanceof String s) return s.codePointCount(0, s.length());
    if (a instanceof List<?> l) return l.size();
    if (a instanceof Map<?, ?> m) return m.size();
    throw new FilterValues.Failure("object of type '" + FilterValues.typeName(a) + "' has no len()");
  }

  private static Object extreme(boolean max, List<Object> args) {
    Object best = args.get(0);
    for (Object candidate : args.subList(1, args.size())) {
      int sign = FilterValues.compare(candidate, best, max ? "max" : "min");
      if (max ? sign > 0 : sign < 0) best = candidate;
    }
    return best;
  }

  private static Object toInt(Object a) {
    if (a instanceof Long) return a;
    if (a instanceof Boolean b) return b ? 1L : 0L;
    if (a instanceof Double d) return (long) d.doubleValue();
    if (a instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        throw new FilterValues.Failure("invalid literal for int(): '" + s + "'");
      }
    }
    throw new FilterValues.Failure("int() argument must be a string or a number, not '" + FilterValues.typeName(a)
        + "'");
  }

  private static Object toFloat(Object a) {
    if (a instanceof Number n) return n.doubleValue();
    if (a instanceof Boolean b) return b ? 1.0 : 0.0;
    if (a instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        throw new FilterValues.Failure("could not convert string to float: '" + s + "'");
      }
    }
    throw new FilterValues.Failure("float() argument must be a string or a number, not '"
        + FilterValues.typeName(a) + "'");
  }

  static Object method(Object target, String method, List<Object> args) {
    target = FilterValues.normalize(target);
    if (method.equals("get")) {
      if (!(target instanceof Map<?, ?> map)) {
        throw new FilterValues.Failure("'" + FilterValues.typeName(target) + "' object has no attribute 'get'");
      }
      Object key = FilterValues.normalize(args.get(0));
      return map.containsKey(key) ? map.get(key) : args.size() > 1 ? args.get(1) : null;
    }
    if (!(target instanceof String s)) {
      throw new FilterValues.Failure("'" + FilterValues.typeName(target) + "' object has no attribute '" + method
          + "'");
    }
    return switch (method) {
      case "lower" -> s.toLowerCase(Locale.ROOT);
      case "upper" -> s.toUpperCase(Locale.ROOT);
      case "strip" -> s.strip();
      default -> {
        if (!(FilterValues.normalize(args.get(0)) instanceof String affix)) {
          throw new FilterValues.Failure(method + "() argument must be str, not "
              + FilterValues.typeName(args.get(0)));
        }
        yield method.equals("startswith") ? s.startsWith(affix) : s.endsWith(affix);
      }
    };
  }
}
