package io.inferenceperf.cli;

import io.inferenceperf.analysis.ReportFolderReader;
import io.inferenceperf.analysis.ReportFolderReader.AnalysisException;
import io.inferenceperf.analysis.RunPoints;
import io.inferenceperf.charts.ChartWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code inference-perf --analyze DIR [DIR...] [-u UNIFIED_DIR]} (also {@code -a}): inference-perf's PNG charts of
 * report folders, written into each folder, and with {@code -u} the runs overlaid in one more folder with
 * {@value ChartWriter#LEGEND_FILE}.
 */
final class AnalyzeCommand {
  private final PrintStream out;
  private final PrintStream err;

  AnalyzeCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static boolean isAnalyze(String arg) {
    return arg.equals("--analyze") || arg.equals("-a");
  }

  static String usage() {
    return """
        Usage: inference-perf --analyze DIR [DIR...] [-u UNIFIED_DIR]     (or -a)

        Draws PNG charts of report folders (their stage_<N>_lifecycle_metrics.json files) into each folder:
        latency_vs_qps.png (TTFT, normalized time per output token and ITL: mean, p50, p90, p99),
        throughput_vs_qps.png, goodput_vs_qps.png (when goodput was configured), throughput_vs_latency.png;
        for concurrent runs latency_vs_concurrency.png and throughput_vs_concurrency.png instead of the *_vs_qps.

          -u, --unified DIR   also overlay all the runs in DIR ("Report 1..N"), with analyzed_reports_legend.json
        """;
  }

  int run(String[] args) {
    List<Path> folders = new ArrayList<>();
    Path unified = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (isAnalyze(arg)) continue;
      if (arg.equals("--help") || arg.equals("-h")) {
        out.print(usage());
        return ExitCode.OK.code;
      } else if (arg.equals("-u") || arg.equals("--unified")) {
        if (i + 1 == args.length) return usageError(arg + " needs a folder");
        unified = Path.of(args[++i]);
      } else if (arg.startsWith("-")) {
        return usageError("unknown option " + arg);
      } else {
        folders.add(Path.of(arg));
      }
    }
    if (folders.isEmpty()) return usageError("name at least one report folder");
    return analyze(folders, unified).code;
  }

  private ExitCode analyze(List<Path> folders, Path unified) {
    List<RunPoints> runs = new ArrayList<>();
    try {
      for (Path folder : folders) runs.add(ReportFolderReader.read(folder));
    } catch (AnalysisException e) {
      err.println("analyze: " + e.getMessage());
      return ExitCode.CONFIG_ERROR;
    }
    try {
      for (RunPoints run : runs) {
        for (ChartWriter.Written written : ChartWriter.writeRun(run)) out.println("Wrote " + written.file());
      }
      if (unified != null) {
        for (ChartWriter.Written written : ChartWriter.writeUnified(runs, unified)) {
          out.println("Wrote " + written.file());
        }
        out.println("Wrote " + unified.resolve(ChartWriter.LEGEND_FILE));
      }
    } catch (IOException e) {
      err.println("analyze: cannot write the charts: " + e.getMessage());
      return ExitCode.RUN_FAILED;
    }
    return ExitCode.OK;
  }

  private int usageError(String problem) {
    err.println("analyze: " + problem);
    err.print(usage());
    return ExitCode.CONFIG_ERROR.code;
  }
}
