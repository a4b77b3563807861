package io.inferenceperf.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads an Azure LLM inference trace CSV (AzurePublicDataset): {@code TIMESTAMP,ContextTokens,GeneratedTokens},
 * with or without a header. As inference-perf: "T" becomes a space, "Z" is dropped, the fraction of a second is
 * truncated to 2 digits, times are UTC and shifted so the first row is at 0. Bad lines are reported and skipped.
 */
public final class AzureTrace {

  /** One request of the trace; {@code offsetSeconds} is from the first row. */
  public record Row(double offsetSeconds, int contextTokens, int generatedTokens) {}

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private AzureTrace() {}

  /**
   * @param badLine receives a message for each skipped line
   * @throws IOException when the file cannot be read
   */
  public static List<Row> read(Path file, Consumer<String> badLine) throws IOException {
    List<long[]> raw = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank() || (lineNumber == 1 && isHeader(line))) {
          continue;
        }
        try {
          raw.add(parse(line));
        } catch (RuntimeException e) {
          badLine.accept(file + " line " + lineNumber + " skipped (" + e.getMessage() + "): "
              + (line.length() > 120 ? line.substring(0, 120) + "..." : line));
        }
      }
    }
    List<Row> rows = new ArrayList<>(raw.size());
    long first = raw.isEmpty() ? 0 : raw.get(0)[0];
    for (long[] values : raw) {
      rows.add(new Row((values[0] - first) / 100.0, (int) values[1], (int) values[2]));
    }
    return rows;
  }

  /** A trace file that cannot be replayed as it is; the message names the file, line and column. */
  public static final class BadTraceException extends Exception {
    public BadTraceException(String message) {
      super(message);
    }
  }

  private static final String[] COLUMNS = {"TIMESTAMP", "ContextTokens", "GeneratedTokens"};

  /**
   * Reads every row, strictly: the arrival times of load.trace must not silently lose a row. A bad row, or one
   * earlier than the row before it, is an error naming the file, the line and the column.
   *
   * @throws BadTraceException when a row cannot be replayed, or the file has none
   * @throws IOException when the file cannot be read
   */
  public static List<Row> readStrict(Path file) throws IOException, BadTraceException {
    List<long[]> raw = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNumber = 0;
      boolean first = true;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1) line = line.replace("\uFEFF", ""); // a byte-order mark is not part of the first row
        if (line.isBlank()) continue;
        if (first && isHeader(line)) {
          first = false;
          continue;
        }
        first = false;
        long[] values = strictRow(file, lineNumber, line);
        if (!raw.isEmpty() && values[0] < raw.get(raw.size() - 1)[0]) {
          throw bad(file, lineNumber, 0, "'" + line.split(",")[0].strip() + "' is earlier than the row before it;"
              + " the rows must be in time order (sort the file by TIMESTAMP)");
        }
        raw.add(values);
      }
    }
    if (raw.isEmpty()) {
      throw new BadTraceException(file + ": no rows; expected lines of TIMESTAMP,ContextTokens,GeneratedTokens,"
          + " e.g. 2023-11-16 18:15:46.6805900,374,44");
    }
    List<Row> rows = new ArrayList<>(raw.size());
    long firstTime = raw.get(0)[0];
    for (long[] values : raw) rows.add(new Row((values[0] - firstTime) / 100.0, (int) values[1], (int) values[2]));
    return rows;
  }

  private static long[] strictRow(Path file, int lineNumber, String line) throws BadTraceException {
    String[] fields = line.split(",", -1);
    if (fields.length < COLUMNS.length) {
      throw bad(file, lineNumber, fields.length, "missing; each line needs TIMESTAMP,ContextTokens,GeneratedTokens");
    }
    long time;
    try {
      time = epochHundredths(fields[0].strip());
    } catch (IllegalArgumentException e) {
      throw bad(file, lineNumber, 0, "'" + fields[0].strip() + "' is not a timestamp like 2023-11-16"
          + " 18:15:46.6805900 (UTC)");
    }
    long[] values = {time, 0, 0};
    for (int column = 1; column < COLUMNS.length; column++) {
      String text = fields[column].strip();
      try {
        values[column] = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        values[column] = -1;
      }
      if (values[column] < 0) {
        throw bad(file, lineNumber, column, "'" + text + "' is not a token count (a whole number, 0 or more)");
      }
    }
    return values;
  }

  private static BadTraceException bad(Path file, int lineNumber, int column, String problem) {
    String name = column < COLUMNS.length ? " (" + COLUMNS[column] + ")" : "";
    return new BadTraceException(file + " line " + lineNumber + ", column " + (column + 1) + name + ": " + problem);
  }

  private static boolean isHeader(String line) {
    return line.toLowerCase().contains("contexttokens") || !Character.isDigit(line.strip().charAt(0));
  }

  private static long[] parse(String line) {
    String[] fields = line.split(",");
    if (fields.length < 3) {
      throw new IllegalArgumentException("expected TIMESTAMP,ContextTokens,GeneratedTokens");
    }
    int context = Integer.parseInt(fields[1].strip());
    int generated = Integer.parseInt(fields[2].strip());
    if (context < 0 || generated < 0) {
      throw new IllegalArgumentException("negative token count");
    }
    return new long[] {epochHundredths(fields[0].strip()), context, generated};
  }

  /** Hundredths of a second since the epoch (the fraction is truncated, not rounded). */
  static long epochHundredths(String timestamp) {
    String text = timestamp.replace('T', ' ').replace("Z", "");
    String fraction = "";
    int dot = text.indexOf('.');
    if (dot >= 0) {
      fraction = text.substring(dot + 1);
      text = text.substring(0, dot);
    }
    try {
      long seconds = LocalDateTime.parse(text, TIME).toEpochSecond(ZoneOffset.UTC);
      String hundredths = (fraction + "00").substring(0, 2);
      return seconds * 100 + Integer.parseInt(hundredths);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException("bad timestamp '" + timestamp + "'");
    }
  }
}
