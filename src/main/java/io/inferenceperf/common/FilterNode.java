package io.inferenceperf.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A parsed {@link RecordFilter} expression: each node evaluates against the record bound to the lambda's name. */
sealed interface FilterNode {

  /** The node's value for {@code record}; failures carry the node's position. */
  Object eval(Object record);

  /** Where the node starts in the source (0-based), for errors. */
  int position();

  record Literal(Object value, int position) implements FilterNode {
    public Object eval(Object record) {
      return value;
    }
  }

  record Parameter(int position) implements FilterNode {
    public Object eval(Object record) {
      return record;
    }
  }

  record ListOf(List<FilterNode> items, int position) implements FilterNode {
    public Object eval(Object record) {
      List<Object> out = new ArrayList<>();
      for (FilterNode item : items) out.add(item.eval(record));
      return out;
    }
  }

  record Not(FilterNode operand, int position) implements FilterNode {
    public Object eval(Object record) {
      return !FilterValues.truthy(operand.eval(record));
    }
  }

  record Negate(FilterNode operand, int position) implements FilterNode {
    public Object eval(Object record) {
      return guarded(position, () -> FilterValues.negate(operand.eval(record)));
    }
  }

  /** and / or, which return an operand as Python does ({@code x.get('a') or 0}). */
  record Logical(boolean isAnd, FilterNode left, FilterNode right, int position) implements FilterNode {
    public Object eval(Object record) {
      Object l = left.eval(record);
      if (isAnd != FilterValues.truthy(l)) return l;
      return right.eval(record);
    }
  }

  record Arithmetic(String op, FilterNode left, FilterNode right, int position) implements FilterNode {
    public Object eval(Object record) {
      Object l = left.eval(record);
      Object r = right.eval(record);
      return guarded(position, () -> FilterValues.arithmetic(op, l, r));
    }
  }

  /** A chain {@code a < b <= c}: every pair must hold, as in Python. */
  record Comparison(List<String> ops, List<FilterNode> operands, int position) implements FilterNode {
    public Object eval(Object record) {
      Object left = operands.get(0).eval(record);
      for (int i = 0; i < ops.size(); i++) {
        Object right = operands.get(i + 1).eval(record);
        String op = ops.get(i);
        Object l = left;
        if (!guarded(operands.get(i + 1).position(), () -> holds(op, l, right))) return false;
        left = right;
      }
      return true;
    }

    private static boolean holds(String op, Object l, Object r) {
      return switch (op) {
        case "==" -> FilterValues.equal(l, r);
        case "!=" -> !FilterValues.equal(l, r);
        case "<" -> FilterValues.compare(l, r, op) < 0;
        case "<=" -> FilterValues.compare(l, r, op) <= 0;
        case ">" -> FilterValues.compare(l, r, op) > 0;
        case ">=" -> FilterValues.compare(l, r, op) >= 0;
        case "in" -> FilterValues.contains(r, l);
        case "not in" -> !FilterValues.contains(r, l);
        case "is" -> l == null ? r == null : FilterValues.equal(l, r) && r != null && l.getClass() == r.getClass();
        default -> l == null ? r != null : !(FilterValues.equal(l, r) && r != null && l.getClass() == r.getClass());
      };
    }
  }

  record Index(FilterNode target, FilterNode key, int position) implements FilterNode {
    public Object eval(Object record) {
      Object t = target.eval(record);
      Object k = key.eval(record);
      return guarded(position, () -> FilterValues.index(t, k));
    }
  }

  /** len, abs, min, max, int, float, str, bool. */
  record Call(String function, List<FilterNode> args, int position) implements FilterNode {
    public Object eval(Object record) {
      List<Object> values = new ArrayList<>();
      for (FilterNode arg : args) values.add(arg.eval(record));
      return guarded(position, () -> FilterFunctions.call(function, values));
    }
  }

  /** {@code target.method(args)}: dict.get and a few str methods. */
  record Method(FilterNode target, String method, List<FilterNode> args, int position) implements FilterNode {
    public Object eval(Object record) {
      Object t = target.eval(record);
      List<Object> values = new ArrayList<>();
      for (FilterNode arg : args) values.add(arg.eval(record));
      return guarded(position, () -> FilterFunctions.method(t, method, values));
    }
  }

  /** Runs {@code body}, turning a Python-style failure into an error at {@code position}. */
  private static <T> T guarded(int position, java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (FilterValues.Failure e) {
      throw new RecordFilter.EvaluationException(position, e.getMessage());
    }
  }

  /** A value as Python would write it, for messages. */
  static String literal(Object value) {
    value = FilterValues.normalize(value);
    if (value == null) return "None";
    if (value instanceof Boolean b) return b ? "True" : "False";
    if (value instanceof String s) return "'" + s + "'";
    if (value instanceof Map<?, ?>) return "{...}";
    return String.valueOf(value).toLowerCase(Locale.ROOT).equals("nan") ? "nan" : String.valueOf(value);
  }
}
