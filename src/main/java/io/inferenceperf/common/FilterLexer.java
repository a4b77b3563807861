package io.inferenceperf.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splits a {@link RecordFilter} expression into tokens, each with its position (0-based character index). */
final class FilterLexer {

  enum Kind { NUMBER, STRING, NAME, KEYWORD, OP, END }

  record Token(Kind kind, String text, Object value, int position) {
    boolean is(String s) {
      return (kind == Kind.OP || kind == Kind.KEYWORD) && text.equals(s);
    }

    String describe() {
      return kind == Kind.END ? "the end" : "'" + text + "'";
    }
  }

  static final Set<String> KEYWORDS = Set.of("lambda", "and", "or", "not", "in", "is", "True", "False", "None");
  /** Longest first, so that "<=" wins over "<". */
  private static final List<String> OPERATORS = List.of("==", "!=", "<=", ">=", "//", "<", ">", "+", "-", "*", "/",
      "%", "(", ")", "[", "]", ",", ":", ".");

  private final String source;
  private int at;

  private FilterLexer(String source) {
    this.source = source;
  }

  static List<Token> tokens(String source) {
    FilterLexer lexer = new FilterLexer(source);
    List<Token> out = new ArrayList<>();
    Token token;
    do {
      token = lexer.next();
      out.add(token);
    } while (token.kind() != Kind.END);
    return out;
  }

  private Token next() {
    while (at < source.length() && Character.isWhitespace(source.charAt(at))) at++;
    if (at >= source.length()) return new Token(Kind.END, "", null, at);
    char c = source.charAt(at);
    int start = at;
    if (c == '\'' || c == '"') return string(c);
    if (Character.isDigit(c) || c == '.' && at + 1 < source.length() && Character.isDigit(source.charAt(at + 1))) {
      return number();
    }
    if (Character.isLetter(c) || c == '_') {
      while (at < source.length() && (Character.isLetterOrDigit(source.charAt(at)) || source.charAt(at) == '_')) at++;
      String word = source.substring(start, at);
      return new Token(KEYWORDS.contains(word) ? Kind.KEYWORD : Kind.NAME, word, null, start);
    }
    for (String op : OPERATORS) {
      if (source.startsWith(op, at)) {
        at += op.length();
        return new Token(Kind.OP, op, null, start);
      }
    }
    throw new RecordFilter.SyntaxException(source, start, "unexpected character '" + c + "'");
  }

  private Token string(char quote) {
    int start = at++;
    StringBuilder text = new StringBuilder();
    while (at < source.length() && source.charAt(at) != quote) {
      char c = source.charAt(at++);
      if (c == '\\' && at < source.length()) {
        char escaped = source.charAt(at++);
        text.append(switch (escaped) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> escaped; // \\, \' and \" stand for themselves
        });
      } else {
        text.append(c);
      }
    }
    if (at >= source.length()) {
      throw new RecordFilter.SyntaxException(source, start, "string not closed (missing " + quote + ")");
    }
    at++;
    return new Token(Kind.STRING, source.substring(start, at), text.toString(), start);
  }

  private Token number() {
    int start = at;
    while (at < source.length() && (Character.isDigit(source.charAt(at)) || source.charAt(at) == '_')) at++;
    boolean decimal = false;
    if (at < source.length() && source.charAt(at) == '.') {
      decimal = true;
      at++;
      while (at < source.length() && Character.isDigit(source.charAt(at))) at++;
    }
    if (at < source.length() && (source.charAt(at) == 'e' || source.charAt(at) == 'E')) {
      decimal = true;
      at++;
      if (at < source.length() && (source.charAt(at) == '+' || source.charAt(at) == '-')) at++;
      while (at < source.length() && Character.isDigit(source.charAt(at))) at++;
    }
    String text = source.substring(start, at);
    String digits = text.replace("_", "");
    try {
      Object value = decimal ? (Object) Double.parseDouble(digits) : (Object) Long.parseLong(digits);
      return new Token(Kind.NUMBER, text, value, start);
    } catch (NumberFormatException e) {
      throw new RecordFilter.SyntaxException(source, start, "not a number: " + text);
    }
  }
}
