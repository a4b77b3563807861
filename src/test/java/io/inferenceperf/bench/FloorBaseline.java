package io.inferenceperf.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The floor mode's recorded ratios, the baseline its regression gate compares against (issue 20, point 5): one line
 * per server and rate, {@code server rate ratio}, '#' lines are comments (when and where it was recorded). A run fails
 * the gate when a ratio exceeds its recorded one by more than the tolerance (10 % unless {@code --tolerance}); rows
 * without a recorded ratio are reported and not gated. A {@code # conditions: warmup=S duration=S} line says how long
 * each recorded run warmed up and measured: the tool's cost falls for minutes as its JIT finishes, so a run with a
 * shorter warm-up is not comparable, and the gate refuses it before it starts.
 */
final class FloorBaseline {
  static final double DEFAULT_TOLERANCE = 0.10;

  private static final String CONDITIONS = "# conditions:";

  private final Map<String, Double> ratios;
  /** warmup and duration seconds of the recorded runs, or null when the file does not say. */
  private final Map<String, Double> conditions;

  private FloorBaseline(Map<String, Double> ratios, Map<String, Double> conditions) {
    this.ratios = ratios;
    this.conditions = conditions;
  }

  static FloorBaseline read(Path file) throws IOException {
    Map<String, Double> ratios = new LinkedHashMap<>();
    Map<String, Double> conditions = new LinkedHashMap<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNumber++;
      String text = line.strip();
      if (text.startsWith(CONDITIONS)) {
        readConditions(file, lineNumber, text.substring(CONDITIONS.length()), conditions);
        continue;
      }
      if (text.isEmpty() || text.startsWith("#")) continue;
      String[] fields = text.split("\\s+");
      if (fields.length != 3) {
        throw new IOException(file + " line " + lineNumber + ": expected 'server rate ratio', got '" + text + "'");
      }
      try {
        ratios.put(key(fields[0], Double.parseDouble(fields[1])), Double.parseDouble(fields[2]));
      } catch (NumberFormatException e) {
        throw new IOException(file + " line " + lineNumber + ": rate and ratio must be numbers, got '" + text + "'");
      }
    }
    return new FloorBaseline(ratios, conditions);
  }

  private static void readConditions(Path file, int lineNumber, String text, Map<String, Double> into)
      throws IOException {
    for (String pair : text.strip().split("\\s+")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      if (!name.equals("warmup") && !name.equals("duration")) {
        throw new IOException(file + " line " + lineNumber + ": conditions are warmup=S and duration=S, got '" + pair
            + "'");
      }
      try {
        into.put(name, Double.parseDouble(pair.substring(equals + 1)));
      } catch (NumberFormatException e) {
        throw new IOException(file + " line " + lineNumber + ": " + name + " must be seconds, got '" + pair + "'");
      }
    }
  }

  /**
   * Why a run of {@code warmupSeconds} + {@code durationSeconds} cannot be gated against this baseline (the options
   * to use instead), or null when it can: the recorded conditions match, or the file does not record them.
   */
  String incomparable(double warmupSeconds, double durationSeconds) {
    Double warmup = conditions.get("warmup");
    Double duration = conditions.get("duration");
    boolean same = (warmup == null || warmup == warmupSeconds) && (duration == null || duration == durationSeconds);
    if (same) return null;
    return String.format(Locale.ROOT, "the baseline's ratios were recorded with --warmup %s --duration %s, this run"
        + " would use --warmup %s --duration %s: run the gate with the baseline's options (a shorter warm-up leaves"
        + " the tool's JIT compiling in the measured window)", fmt(warmup, warmupSeconds),
        fmt(duration, durationSeconds), PerfHarness.fmt(warmupSeconds), PerfHarness.fmt(durationSeconds));
  }

  private static String fmt(Double recorded, double otherwise) {
    return PerfHarness.fmt(recorded != null ? recorded : otherwise);
  }

  /**
   * Writes {@code rows}' ratios to {@code file}, with {@code note} (date, machine load) as a comment; a row whose server
   * fell behind its schedule is left out (its ratio is not the client's).
   */
  static void write(Path file, List<FloorMode.Row> rows, String note, double warmupSeconds, double durationSeconds)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("# issue 20 floor baseline: server, rate (req/s), tool CPU per request / floor CPU per request (medians)");
    lines.add("# " + note);
    lines.add(CONDITIONS + " warmup=" + PerfHarness.fmt(warmupSeconds) + " duration="
        + PerfHarness.fmt(durationSeconds));
    for (FloorMode.Row row : rows) {
      if (!row.onSchedule()) continue;
      lines.add(String.format(Locale.ROOT, "%s %s %.3f", row.server(), PerfHarness.fmt(row.rate()), row.ratio()));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** The recorded ratio for {@code server} at {@code rate}, or null. */
  Double ratio(String server, double rate) {
    return ratios.get(key(server, rate));
  }

  /**
   * Why {@code row} fails the gate ("ratio 1.71 > 1.50 recorded + 10%"), or null when it passes or has no recorded
   * ratio.
   */
  String regression(FloorMode.Row row, double tolerance) {
    Double recorded = ratio(row.server(), row.rate());
    if (recorded == null) return null;
    double limit = recorded * (1 + tolerance);
    if (row.ratio() <= limit) return null;
    return String.format(Locale.ROOT, "ratio %.2f > %.2f (recorded %.2f + %.0f%%)", row.ratio(), limit, recorded,
        tolerance * 100);
  }

  private static String key(String server, double rate) {
    return server + "@" + PerfHarness.fmt(rate);
  }
}
