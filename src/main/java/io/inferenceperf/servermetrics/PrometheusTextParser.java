package io.inferenceperf.servermetrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the Prometheus text exposition format (version 0.0.4, as served on a model server's /metrics): {@code #
 * HELP} and {@code # TYPE} lines, samples with optional labels and timestamp, escapes in label values, and
 * histogram/summary/counter sample suffixes grouped under their family. Pure; a malformed line is skipped and
 * reported in {@link Result#problems()} rather than failing the whole scrape.
 */
public final class PrometheusTextParser {
  private static final List<String> FAMILY_SUFFIXES =
      List.of("_bucket", "_sum", "_count", "_total", "_created", "_gsum", "_gcount", "_info");

  private PrometheusTextParser() {}

  /**
   * One sample line.
   *
   * @param timestampMillis null when the line has none
   */
  public record Sample(String name, Map<String, String> labels, double value, Long timestampMillis) {
    public Sample {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
  }

  /**
   * @param type {@code counter}, {@code gauge}, {@code histogram}, {@code summary} or {@code untyped}
   * @param help null when there was no HELP line
   */
  public record MetricFamily(String name, String type, String help, List<Sample> samples) {}

  /** @param problems "line N: reason" for each line that could not be parsed */
  public record Result(List<MetricFamily> families, List<String> problems) {
    /** All samples in order, whatever family they belong to. */
    public List<Sample> samples() {
      List<Sample> all = new ArrayList<>();
      for (MetricFamily f : families) {
        all.addAll(f.samples());
      }
      return all;
    }
  }

  private static final class FamilyBuilder {
    final String name;
    String type = "untyped";
    String help;
    final List<Sample> samples = new ArrayList<>();

    FamilyBuilder(String name) {
      this.name = name;
    }
  }

  public static Result parse(String text) {
    Map<String, FamilyBuilder> families = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    FamilyBuilder current = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = stripCarriageReturn(lines[i]);
      if (line.isBlank()) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          if (line.trim().equals("# EOF")) {
            break;
          }
          current = comment(line, families, current);
        } else {
          Sample sample = new LineCursor(line).sample();
          current = familyFor(sample.name(), families, current);
          current.samples.add(sample);
        }
      } catch (IllegalArgumentException e) {
        problems.add("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    List<MetricFamily> out = new ArrayList<>(families.size());
    for (FamilyBuilder f : families.values()) {
      out.add(new MetricFamily(f.name, f.type, f.help, List.copyOf(f.samples)));
    }
    return new Result(out, problems);
  }

  private static FamilyBuilder comment(String line, Map<String, FamilyBuilder> families, FamilyBuilder current) {
    String body = line.substring(1).stripLeading();
    boolean help = body.startsWith("HELP ") || body.startsWith("HELP\t");
    boolean type = body.startsWith("TYPE ") || body.startsWith("TYPE\t");
    if (!help && !type) {
      return current; // an ordinary comment
    }
    String rest = body.substring(4).stripLeading();
    int space = indexOfWhitespace(rest);
    String name = space < 0 ? rest : rest.substring(0, space);
    String value = space < 0 ? "" : rest.substring(space).strip();
    if (!isMetricName(name)) {
      throw new IllegalArgumentException("bad metric name '" + name + "' in " + (help ? "HELP" : "TYPE"));
    }
    FamilyBuilder family = families.computeIfAbsent(name, FamilyBuilder::new);
    if (help) {
      family.help = unescapeHelp(value);
    } else {
      String t = value.toLowerCase(Locale.ROOT);
      if (!List.of("counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset",
              "gaugehistogram")
          .contains(t)) {
        throw new IllegalArgumentException("unknown metric type '" + value + "' for " + name);
      }
      family.type = t.equals("unknown") ? "untyped" : t;
    }
    return family;
  }

  /** The declared family a sample belongs to: its own name, or its name less a type suffix. */
  private static FamilyBuilder familyFor(String sampleName, Map<String, FamilyBuilder> families, FamilyBuilder current) {
    if (current != null && belongsTo(sampleName, current.name)) {
      return current;
    }
    FamilyBuilder exact = families.get(sampleName);
    if (exact != null) {
      return exact;
    }
    for (String suffix : FAMILY_SUFFIXES) {
      if (sampleName.endsWith(suffix)) {
        FamilyBuilder base = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
        if (base != null && !base.type.equals("untyped")) {
          return base;
        }
      }
    }
    return families.computeIfAbsent(sampleName, FamilyBuilder::new);
  }

  private static boolean belongsTo(String sampleName, String familyName) {
    if (sampleName.equals(familyName)) {
      return true;
    }
    if (!sampleName.startsWith(familyName)) {
      return false;
    }
    return FAMILY_SUFFIXES.contains(sampleName.substring(familyName.length()));
  }

  /** Walks one sample line. */
  private static final class LineCursor {
    private final String line;
    private int pos;

    LineCursor(String line) {
      this.line = line;
    }

    Sample sample() {
      skipBlanks();
      String name = metricName();
      skipBlanks();
      Map<String, String> labels = new LinkedHashMap<>();
      if (peek() == '{') {
        pos++;
        labels(labels);
      }
      skipBlanks();
      String valueText = token();
      if (valueText.isEmpty()) {
        throw new IllegalArgumentException("sample " + name + " has no value");
      }
      double value = parseFloat(valueText);
      skipBlanks();
      Long timestamp = null;
      String timestampText = token();
      if (!timestampText.isEmpty()) {
        timestamp = parseTimestamp(timestampText);
      }
      skipBlanks();
      if (pos < line.length()) {
        throw new IllegalArgumentException("unexpected text after sample " + name + ": '" + line.substring(pos) + "'");
      }
      return new Sample(name, labels, value, timestamp);
    }

    private void labels(Map<String, String> labels) {
      while (true) {
        skipBlanks();
        if (peek() == '}') {
          pos++;
          return;
        }
        int start = pos;
        while (pos < line.length() && isLabelChar(line.charAt(pos), pos == start)) {
          pos++;
        }
        String labelName = line.substring(start, pos);
        if (labelName.isEmpty()) {
          throw new IllegalArgumentException("expected a label name at column " + (pos + 1));
        }
        skipBlanks();
        expect('=');
        skipBlanks();
        expect('"');
        labels.put(labelName, quotedValue());
        skipBlanks();
        char c = peek();
        if (c == ',') {
          pos++;
        } else if (c != '}') {
          throw new IllegalArgumentException("expected ',' or '}' at column " + (pos + 1));
        }
      }
    }

    private String quotedValue() {
      StringBuilder out = new StringBuilder();
      while (pos < line.length()) {
        char c = line.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\' && pos < line.length()) {
          char next = line.charAt(pos++);
          switch (next) {
            case 'n' -> out.append('\n');
            case '\\' -> out.append('\\');
            case '"' -> out.append('"');
            default -> out.append('\\').append(next);
          }
        } else {
          out.append(c);
        }
      }
      throw new IllegalArgumentException("unterminated label value");
    }

    private String metricName() {
      int start = pos;
      while (pos < line.length() && isNameChar(line.charAt(pos), pos == start)) {
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException("expected a metric name");
      }
      return line.substring(start, pos);
    }

    private String token() {
      int start = pos;
      while (pos < line.length() && !isBlank(line.charAt(pos))) {
        pos++;
      }
      return line.substring(start, pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at column " + (pos + 1));
      }
      pos++;
    }

    private char peek() {
      return pos < line.length() ? line.charAt(pos) : '\0';
    }

    private void skipBlanks() {
      while (pos < line.length() && isBlank(line.charAt(pos))) {
        pos++;
      }
    }
  }

  static double parseFloat(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    switch (t) {
      case "nan":
        return Double.NaN;
      case "+inf", "inf", "+infinity", "infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad number '" + text + "'");
        }
    }
  }

  /** Milliseconds in the 0.0.4 format; OpenMetrics' fractional seconds are converted. */
  private static long parseTimestamp(String text) {
    try {
      if (text.contains(".") || text.contains("e") || text.contains("E")) {
        return Math.round(Double.parseDouble(text) * 1000);
      }
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad timestamp '" + text + "'");
    }
  }

  private static String unescapeHelp(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next == 'n') {
          out.append('\n');
          i++;
          continue;
        }
        if (next == '\\') {
          out.append('\\');
          i++;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  static boolean isMetricName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isNameChar(name.charAt(i), i == 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameChar(char c, boolean first) {
    return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
  }

  private static boolean isLabelChar(char c, boolean first) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isBlank(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String stripCarriageReturn(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
