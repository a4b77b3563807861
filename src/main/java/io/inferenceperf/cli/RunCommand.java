package io.inferenceperf.cli;

import io.inferenceperf.config.CliArgs;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.ConfigLoader;
import io.inferenceperf.config.ConfigProblem;
import io.inferenceperf.config.LoadResult;
import io.inferenceperf.engine.StopSignal;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.tokenizer.Tokenizer;
import io.inferenceperf.kubernetes.JobManifests;
import io.inferenceperf.kubernetes.ResultsBundle;
import io.inferenceperf.transport.TransportRefused;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark run, in three steps over one {@link ResolvedRun}: {@link RunPreparation} resolves the config, the
 * server, the model, the tokenizer and the data; {@link RunExecution} warms up, runs the stages and streams the
 * results; {@link ReportStep} builds, writes and prints the reports from them. Every user mistake ends with a
 * message and an exit code, never a stack trace.
 */
final class RunCommand {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  private final PrintStream out;
  private final PrintStream err;
  private final StopSignal stop;

  RunCommand(PrintStream out, PrintStream err, StopSignal stop) {
    this.out = out;
    this.err = err;
    this.stop = stop;
  }

  ExitCode execute(CliArgs args) {
    try {
      return run(args);
    } catch (UserError e) {
      err.println(e.getMessage());
      return e.code;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("interrupted");
      return ExitCode.INTERRUPTED_INT;
    }
  }

  private ExitCode run(CliArgs args) throws UserError, InterruptedException {
    LoadResult loaded = ConfigLoader.load(args.configFile(), args.overrides(), Clock.systemDefaultZone());
    if (!loaded.ok()) throw UserError.config(loaded.formatProblems().strip(), loaded.problems().size());
    for (ConfigProblem note : loaded.notes()) LOG.warn("{}", note.format());
    Config config = loaded.config();
    List<String> simulatorProblems = RunSetup.simulatorProblems(config);
    if (!simulatorProblems.isEmpty()) {
      throw UserError.config(String.join("\n", simulatorProblems), simulatorProblems.size());
    }
    if (args.dryRun()) return dryRun(config);
    Signals.installBeforeLoad();
    try (RunningSimulator simulator = config.server().type().inProcess()
        ? RunSetup.startSimulator(config) : null) {
      ResolvedRun run = RunPreparation.prepare(loaded, simulator);
      try (StorageStep storage = run.storage();
          ServerMetricsStep serverMetrics = ServerMetricsStep.start(config, run.model(), run.baseUrl())) {
        RunExecution.Executed executed;
        try {
          executed = new RunExecution(run, stop, err).execute(serverMetrics);
        } catch (TransportRefused e) {
          throw UserError.config(e.getMessage(), 1);
        }
        ExitCode code = new ReportStep(out, err).report(run, executed);
        FinalMerge.afterRun(run, executed.resultsFile(), out, err); // the last pod of a Job merges from the bucket
        printResultsBundle(run.folder());
        return code;
      }
    }
  }

  /**
   * In a Job made by {@code k8s job}, the report folder goes to the log as a results bundle: the command that
   * started the Job unpacks it, so nothing has to keep the pod alive for a copy.
   */
  private void printResultsBundle(Path folder) {
    if (!"true".equals(System.getenv(JobManifests.BUNDLE_ENV))) return;
    try {
      ResultsBundle.print(folder, out);
    } catch (IOException e) {
      err.println("cannot print the results bundle of " + folder + ": " + e.getMessage());
    }
  }

  private ExitCode dryRun(Config config) throws UserError {
    Tokenizer tokenizer = RunPreparation.loadTokenizer(config, config.server().modelName());
    var data = RunPreparation.dataGenerator(config, tokenizer);
    RunPlan plan = RunPlans.of(config, data);
    out.print(PlanText.render(config, plan, data.describe(), RunPreparation.describe(tokenizer),
        Path.of(config.storage().localStorage().path()).toString()));
    out.println("Dry run: the configuration is valid; nothing was sent.");
    return ExitCode.OK;
  }
}
