package io.inferenceperf.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table that fits a terminal width: when its columns are too wide it is split into several tables that
 * each repeat the first (key) column, keeping column groups (e.g. mean/med/p90 of one metric) together. Colour is
 * ANSI escape codes, applied per cell and only when asked; padding ignores them.
 */
final class TextTable {

  static final String RED = "\u001B[31m";
  static final String YELLOW = "\u001B[33m";
  static final String BOLD = "\u001B[1m";
  static final String RESET = "\u001B[0m";

  private static final String GAP = "  ";

  /** A column; columns with the same group number are kept in the same split part. */
  record Column(String header, boolean leftAligned, int group) {}

  /** A cell's text and its ANSI colour (null for none). */
  record Cell(String text, String color) {
    static Cell plain(String text) {
      return new Cell(text, null);
    }
  }

  private final String title;
  private final List<Column> columns;
  private final List<List<Cell>> rows = new ArrayList<>();

  TextTable(String title, List<Column> columns) {
    this.title = title;
    this.columns = List.copyOf(columns);
  }

  void addRow(List<Cell> cells) {
    if (cells.size() != columns.size()) {
      throw new IllegalArgumentException(
          "table '" + title + "' has " + columns.size() + " columns, row has " + cells.size());
    }
    rows.add(List.copyOf(cells));
  }

  String render(int width, boolean ansi) {
    int[] widths = columnWidths();
    List<List<Integer>> parts = split(widths, Math.max(width, 20));
    StringBuilder out = new StringBuilder();
    for (int part = 0; part < parts.size(); part++) {
      String heading = parts.size() == 1 ? title : title + " (" + (part + 1) + "/" + parts.size() + ")";
      out.append(ansi ? BOLD + heading + RESET : heading).append('\n');
      renderPart(out, parts.get(part), widths, ansi);
    }
    return out.toString();
  }

  private int[] columnWidths() {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = columns.get(c).header().length();
      for (List<Cell> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).text().length());
      }
    }
    return widths;
  }

  /** Packs whole groups of columns after the key column into parts no wider than {@code width}. */
  private List<List<Integer>> split(int[] widths, int width) {
    List<List<Integer>> parts = new ArrayList<>();
    List<Integer> current = newPart();
    int used = widths[0];
    int c = 1;
    while (c < columns.size()) {
      int groupEnd = c;
      int groupWidth = 0;
      while (groupEnd < columns.size() && columns.get(groupEnd).group() == columns.get(c).group()) {
        groupWidth += GAP.length() + widths[groupEnd];
        groupEnd++;
      }
      if (current.size() > 1 && used + groupWidth > width) {
        parts.add(current);
        current = newPart();
        used = widths[0];
      }
      for (int g = c; g < groupEnd; g++) {
        current.add(g);
      }
      used += groupWidth;
      c = groupEnd;
    }
    parts.add(current);
    return parts;
  }

  private static List<Integer> newPart() {
    List<Integer> part = new ArrayList<>();
    part.add(0);
    return part;
  }

  private void renderPart(StringBuilder out, List<Integer> part, int[] widths, boolean ansi) {
    List<Cell> headers = new ArrayList<>();
    for (Column column : columns) {
      headers.add(Cell.plain(column.header()));
    }
    renderLine(out, part, widths, headers, false);
    renderRule(out, part, widths);
    for (List<Cell> row : rows) {
      renderLine(out, part, widths, row, ansi);
    }
  }

  private void renderRule(StringBuilder out, List<Integer> part, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < part.size(); i++) {
      if (i > 0) {
        line.append(GAP);
      }
      line.append("-".repeat(widths[part.get(i)]));
    }
    out.append(line).append('\n');
  }

  private void renderLine(StringBuilder out, List<Integer> part, int[] widths, List<Cell> cells, boolean ansi) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < part.size(); i++) {
      int c = part.get(i);
      if (i > 0) {
        line.append(GAP);
      }
      Cell cell = cells.get(c);
      String padding = " ".repeat(widths[c] - cell.text().length());
      String text = ansi && cell.color() != null ? cell.color() + cell.text() + RESET : cell.text();
      line.append(columns.get(c).leftAligned() ? text + padding : padding + text);
    }
    out.append(stripTrailing(line)).append('\n');
  }

  private static String stripTrailing(StringBuilder line) {
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ') {
      end--;
    }
    return line.substring(0, end);
  }
}
