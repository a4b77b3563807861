package io.inferenceperf.common;

import io.inferenceperf.common.FilterLexer.Kind;
import io.inferenceperf.common.FilterLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over Python's precedence: {@code lambda x: or > and > not > comparisons (chained) > + - >
 * * / // % > unary - > x[...] x.get(...) > literals, names, calls, ( ), [ ]}.
 */
final class FilterParser {
  private final String source;
  private final List<Token> tokens;
  private int at;
  private String parameter;

  private FilterParser(String source) {
    this.source = source;
    this.tokens = FilterLexer.tokens(source);
  }

  static FilterNode parse(String source) {
    FilterParser parser = new FilterParser(source);
    FilterNode body = parser.lambda();
    Token end = parser.peek();
    if (end.kind() != Kind.END) throw parser.error(end, "unexpected " + end.describe() + " after the expression");
    return body;
  }

  private FilterNode lambda() {
    Token first = peek();
    if (!first.is("lambda")) {
      throw error(first, "a filter is a lambda of one record, e.g. lambda x: x['benchmark'] == 'gsm8k'; it starts"
          + " with " + first.describe());
    }
    at++;
    Token name = peek();
    if (name.kind() != Kind.NAME) throw error(name, "expected the parameter's name after 'lambda'");
    parameter = name.text();
    at++;
    expect(":");
    return or();
  }

  private FilterNode or() {
    FilterNode left = and();
    while (peek().is("or")) {
      int position = next().position();
      left = new FilterNode.Logical(false, left, and(), position);
    }
    return left;
  }

  private FilterNode and() {
    FilterNode left = not();
    while (peek().is("and")) {
      int position = next().position();
      left = new FilterNode.Logical(true, left, not(), position);
    }
    return left;
  }

  private FilterNode not() {
    if (peek().is("not")) {
      int position = next().position();
      return new FilterNode.Not(not(), position);
    }
    return comparison();
  }

  private FilterNode comparison() {
    FilterNode first = sum();
    List<String> ops = new ArrayList<>();
    List<FilterNode> operands = new ArrayList<>(List.of(first));
    for (String op = comparisonOperator(); op != null; op = comparisonOperator()) {
      ops.add(op);
      operands.add(sum());
    }
    return ops.isEmpty() ? first : new FilterNode.Comparison(ops, operands, first.position());
  }

  /** The next comparison operator (consumed), or null. */
  private String comparisonOperator() {
    Token t = peek();
    for (String op : new String[] {"==", "!=", "<", "<=", ">", ">=", "in"}) {
      if (t.is(op)) {
        at++;
        return op;
      }
    }
    if (t.is("not") && tokens.get(at + 1).is("in")) {
      at += 2;
      return "not in";
    }
    if (t.is("is")) {
      at++;
      if (peek().is("not")) {
        at++;
        return "is not";
      }
      return "is";
    }
    return null;
  }

  private FilterNode sum() {
    FilterNode left = term();
    while (peek().is("+") || peek().is("-")) {
      Token op = next();
      left = new FilterNode.Arithmetic(op.text(), left, term(), op.position());
    }
    return left;
  }

  private FilterNode term() {
    FilterNode left = unary();
    while (peek().is("*") || peek().is("/") || peek().is("//") || peek().is("%")) {
      Token op = next();
      left = new FilterNode.Arithmetic(op.text(), left, unary(), op.position());
    }
    return left;
  }

  private FilterNode unary() {
    if (peek().is("-")) {
      int position = next().position();
      return new FilterNode.Negate(unary(), position);
    }
    if (peek().is("+")) {
      next();
      return unary();
    }
    return postfix(primary());
  }

  private FilterNode postfix(FilterNode target) {
    while (true) {
      if (peek().is("[")) {
        int position = next().position();
        FilterNode key = or();
        expect("]");
        target = new FilterNode.Index(target, key, position);
      } else if (peek().is(".")) {
        next();
        Token name = peek();
        if (name.kind() != Kind.NAME || !FilterFunctions.METHODS.contains(name.text())) {
          throw error(name, "unknown method " + name.describe() + "; the methods are "
              + String.join(", ", FilterFunctions.METHODS.stream().sorted().toList()));
        }
        at++;
        target = new FilterNode.Method(target, name.text(), arguments(name), name.position());
      } else {
        return target;
      }
    }
  }

  private FilterNode primary() {
    Token t = next();
    switch (t.kind()) {
      case NUMBER, STRING -> {
        return new FilterNode.Literal(t.value(), t.position());
      }
      case KEYWORD -> {
        if (t.is("True") || t.is("False")) return new FilterNode.Literal(t.is("True"), t.position());
        if (t.is("None")) return new FilterNode.Literal(null, t.position());
        throw error(t, "expected a value, found " + t.describe());
      }
      case NAME -> {
        return name(t);
      }
      case OP -> {
        if (t.is("(")) return parenthesised(t);
        if (t.is("[")) return new FilterNode.ListOf(items("]"), t.position());
        throw error(t, "expected a value, found " + t.describe());
      }
      default -> throw error(t, "the expression ends too early");
    }
  }

  private FilterNode name(Token t) {
    if (t.text().equals(parameter)) return new FilterNode.Parameter(t.position());
    if (FilterFunctions.FUNCTIONS.contains(t.text()) && peek().is("(")) {
      return new FilterNode.Call(t.text(), arguments(t), t.position());
    }
    throw error(t, "unknown name '" + t.text() + "': the record is '" + parameter + "', and the functions are "
        + String.join(", ", FilterFunctions.FUNCTIONS.stream().sorted().toList()));
  }

  /** ( expr ), or a tuple ( a, b ) which acts as a list (for 'in'). */
  private FilterNode parenthesised(Token open) {
    List<FilterNode> items = items(")");
    if (items.size() == 1 && !tokens.get(at - 2).is(",")) return items.get(0);
    return new FilterNode.ListOf(items, open.position());
  }

  /** Comma-separated expressions up to {@code close} (consumed); a trailing comma is allowed. */
  private List<FilterNode> items(String close) {
    List<FilterNode> items = new ArrayList<>();
    while (!peek().is(close)) {
      items.add(or());
      if (!peek().is(",")) break;
      next();
    }
    expect(close);
    return items;
  }

  private List<FilterNode> arguments(Token callee) {
    expect("(");
    List<FilterNode> args = items(")");
    int[] arity = FilterFunctions.arity(callee.text());
    if (args.size() < arity[0] || args.size() > arity[1]) {
      String wanted = arity[0] == arity[1] ? String.valueOf(arity[0])
          : arity[1] == Integer.MAX_VALUE ? "at least " + arity[0] : arity[0] + " or " + arity[1];
      throw error(callee, callee.text() + "() takes " + wanted + " argument" + (wanted.equals("1") ? "" : "s")
          + ", got " + args.size());
    }
    return args;
  }

  private void expect(String op) {
    Token t = peek();
    if (!t.is(op)) throw error(t, "expected '" + op + "' but found " + t.describe());
    at++;
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token next() {
    Token t = tokens.get(at);
    if (t.kind() != Kind.END) at++;
    return t;
  }

  private RecordFilter.SyntaxException error(Token at, String message) {
    return new RecordFilter.SyntaxException(source, at.position(), message);
  }
}
