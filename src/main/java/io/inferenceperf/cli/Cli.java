package io.inferenceperf.cli;

import io.inferenceperf.config.CliArgs;
import io.inferenceperf.config.ConfigSchema;
import io.inferenceperf.engine.StopSignal;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Dispatch: {@code simulate ...} runs the built-in simulator; anything else is a benchmark run with
 * inference-perf's flags. Returns the process exit code.
 */
public final class Cli {
  public static final String VERSION = "0.1.0";

  private Cli() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("simulate")) {
      return SimulateCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    if (args.length > 0 && args[0].equals("k8s")) {
      Logging.configure("WARNING");
      return new KubernetesCommand(out, err).run(Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length > 0 && args[0].equals("report")) {
      Logging.configure("INFO");
      return new ReportCommand(out, err).run(Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length > 0 && args[0].equals("compare")) {
      return new CompareCommand(out, err).run(Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length > 0 && AnalyzeCommand.isAnalyze(args[0])) {
      return new AnalyzeCommand(out, err).run(args);
    }
    CliArgs parsed = CliArgs.parse(args);
    if (parsed.help()) {
      out.print(usage());
      return ExitCode.OK.code;
    }
    if (parsed.version()) {
      out.println("inference-perf (Java) " + VERSION);
      return ExitCode.OK.code;
    }
    if (!parsed.ok()) {
      parsed.problems().forEach(p -> err.println(p.format()));
      err.println("Run ./inference-perf --help for the flags and config keys.");
      return ExitCode.CONFIG_ERROR.code;
    }
    Logging.configure(parsed.logLevel());
    return new RunCommand(out, err, new StopSignal()).execute(parsed).code;
  }

  static String usage() {
    return """
        inference-perf (Java): benchmark LLM inference servers (vLLM, SGLang, TGI, OpenAI-compatible).

        Usage:
          ./inference-perf --config_file CONFIG.yml [--section.key value ...]   run a benchmark
          ./inference-perf --dry-run -c CONFIG.yml                             check the config, print the plan
          ./inference-perf simulate [--port N] [--option value ...]            run the built-in model simulator
          ./inference-perf simulate --help                                     list simulator options
          ./inference-perf report RESULTS... [--output DIR]                    rebuild or merge reports from results
          ./inference-perf --analyze DIR... [-u UNIFIED_DIR]                   PNG charts of report folders
          ./inference-perf compare BASE NEW... [--threshold PCT]               compare runs (exit 3: regression)
          ./inference-perf k8s job -c CONFIG.yml --target-labels K=V [--apply]  a Job in the model server's zone

        """ + CliArgs.globalHelp() + """

        Exit status: 0 success, 1 the run failed, 2 configuration error, 3 compare found a regression,
        130/143 interrupted (SIGINT/SIGTERM).

        Config keys (YAML sections, or --section.key on the command line):
        """ + ConfigSchema.helpText();
  }
}
