package io.inferenceperf.cli;

import io.inferenceperf.analysis.ComparedRun;
import io.inferenceperf.analysis.Difference;
import io.inferenceperf.analysis.ReportFolderReader.AnalysisException;
import io.inferenceperf.analysis.RunComparison;
import io.inferenceperf.analysis.Verdict;
import io.inferenceperf.htmlreport.CompareHtml;
import io.inferenceperf.htmlreport.Html;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code inference-perf compare BASE NEW [NEW...]}: every headline metric of the stages both runs have, the change
 * with a bootstrap interval, and a verdict; exit code 3 when any metric got worse by more than the threshold.
 */
final class CompareCommand {
  static final double DEFAULT_THRESHOLD_PERCENT = 5.0;

  private final PrintStream out;
  private final PrintStream err;

  CompareCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static String usage() {
    return """
        Usage: inference-perf compare BASE NEW [NEW...] [--threshold PCT] [--output FILE] [--seed N]

        Compares the stages the runs share (stage 0 with stage 0...): TTFT mean and p90, ITL mean, request latency
        p50 and p90, output tokens/s and error rate. With the runs' results files (in their report folders, or
        named), each change gets a 95%% bootstrap interval over requests; with report folders only, point values.
        A metric is worse or better when its interval excludes no change and it moved by at least the threshold.

          BASE, NEW        a report folder (with its results file when present) or a results file
          --threshold PCT  smallest change that counts, in %% (percentage points for the error rate); default %s
          --output FILE    the HTML page (default compare.html)
          --seed N         seed of the bootstrap's resampling (default 1)

        Exit status: 0 no regression, 3 a metric got worse beyond the threshold, 2 bad arguments or inputs.
        """.formatted(Html.number(DEFAULT_THRESHOLD_PERCENT));
  }

  int run(String[] args) {
    List<Path> runs = new ArrayList<>();
    double threshold = DEFAULT_THRESHOLD_PERCENT;
    Path output = Path.of("compare.html");
    long seed = 1;
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--help", "-h" -> {
            out.print(usage());
            return ExitCode.OK.code;
          }
          case "--threshold" -> threshold = number(arg, value(args, ++i, arg));
          case "--output", "-o" -> output = Path.of(value(args, ++i, arg));
          case "--seed" -> seed = (long) number(arg, value(args, ++i, arg));
          default -> {
            if (arg.startsWith("-")) throw new UserError(ExitCode.CONFIG_ERROR, "unknown option " + arg);
            runs.add(Path.of(arg));
          }
        }
      }
      if (runs.size() < 2) throw new UserError(ExitCode.CONFIG_ERROR, "name a base run and at least one new run");
      if (threshold < 0) throw new UserError(ExitCode.CONFIG_ERROR, "--threshold must be 0 or more, in percent");
      return compare(runs, threshold, output, seed).code;
    } catch (UserError e) {
      err.println("compare: " + e.getMessage());
      if (e.code == ExitCode.CONFIG_ERROR) err.print(usage());
      return e.code.code;
    }
  }

  private ExitCode compare(List<Path> paths, double threshold, Path output, long seed) throws UserError {
    ComparedRun base = load(paths.get(0));
    List<CompareHtml.Against> results = new ArrayList<>();
    boolean regression = false;
    for (Path path : paths.subList(1, paths.size())) {
      ComparedRun next = load(path);
      if (!base.hasSamples() || !next.hasSamples()) {
        out.println("(no results file for " + (base.hasSamples() ? path : paths.get(0))
            + ": comparing the reports' numbers, without intervals)");
      }
      List<Difference> differences = RunComparison.compare(base, next, threshold, seed);
      if (differences.isEmpty()) {
        throw new UserError(ExitCode.CONFIG_ERROR, paths.get(0) + " and " + path + " share no stage to compare");
      }
      out.print(table(paths.get(0), path, differences));
      regression |= differences.stream().anyMatch(d -> d.verdict() == Verdict.WORSE);
      results.add(new CompareHtml.Against(path.toString(), differences));
    }
    try {
      Files.writeString(output, CompareHtml.render(paths.get(0).toString(), results, threshold),
          StandardCharsets.UTF_8);
      out.println("Wrote " + output);
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "cannot write " + output + ": " + e.getMessage());
    }
    if (regression) {
      err.println("compare: regression beyond the threshold of " + Html.number(threshold) + "% (see 'worse' above)");
      return ExitCode.REGRESSION;
    }
    return ExitCode.OK;
  }

  static String table(Path base, Path next, List<Difference> differences) {
    StringBuilder text = new StringBuilder("\n" + next + " against " + base + "\n");
    text.append(String.format("%-5s %-24s %12s %12s %9s %20s  %s%n", "Stage", "Metric", "Base", "New", "Change",
        "95% interval", "Verdict"));
    for (Difference d : differences) {
      text.append(String.format("%-5d %-24s %12s %12s %9s %20s  %s%n", d.stageId(),
          d.metric().label + " (" + d.metric().unit + ")", Html.number(d.base()), Html.number(d.next()),
          CompareHtml.signed(d.change()) + d.changeUnit(), CompareHtml.interval(d), d.verdict().label));
    }
    return text.toString();
  }

  private static ComparedRun load(Path path) throws UserError {
    try {
      return ComparedRun.load(path);
    } catch (AnalysisException e) {
      throw new UserError(ExitCode.CONFIG_ERROR, e.getMessage());
    }
  }

  private static String value(String[] args, int i, String option) throws UserError {
    if (i >= args.length) throw new UserError(ExitCode.CONFIG_ERROR, option + " needs a value");
    return args[i];
  }

  private static double number(String option, String text) throws UserError {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new UserError(ExitCode.CONFIG_ERROR, option + " needs a number, not '" + text + "'");
    }
  }
}
