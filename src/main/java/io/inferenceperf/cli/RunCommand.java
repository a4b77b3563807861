package io.inferenceperf.cli;

import io.inferenceperf.api.RequestBuilder;
import io.inferenceperf.config.CliArgs;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.ConfigLoader;
import io.inferenceperf.config.ConfigProblem;
import io.inferenceperf.config.ConfigYaml;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.LoadResult;
import io.inferenceperf.config.ServerConfig.ServerType;
import io.inferenceperf.data.DataGenerator;
import io.inferenceperf.data.DataGeneratorResult;
import io.inferenceperf.data.DataGenerators;
import io.inferenceperf.data.MultiTurnData;
import io.inferenceperf.data.PromptGenerationException;
import io.inferenceperf.data.UserSessions;
import io.inferenceperf.engine.BenchmarkEngine;
import io.inferenceperf.engine.EngineOptions;
import io.inferenceperf.engine.LiveCounters;
import io.inferenceperf.engine.RequestFactory;
import io.inferenceperf.engine.RunStatus;
import io.inferenceperf.engine.StopSignal;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.ClientResources;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.metrics.RunAggregator;
import io.inferenceperf.metrics.RunResult;
import io.inferenceperf.report.JsonFormat;
import io.inferenceperf.report.PerRequestFileWriter;
import io.inferenceperf.report.ReportFiles;
import io.inferenceperf.report.ReportSet;
import io.inferenceperf.report.SummaryTables;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.time.NanoClock;
import io.inferenceperf.tokenizer.HubSettings;
import io.inferenceperf.tokenizer.Tokenizer;
import io.inferenceperf.tokenizer.TokenizerLoadResult;
import io.inferenceperf.tokenizer.TokenizerLoader;
import io.inferenceperf.transport.NettyRequestSender;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark run: config, then the server (embedded simulator or a URL), the model name, the tokenizer and
 * data, then the engine over the Netty transport, then the reports. Every user mistake ends with a message and an
 * exit code, never a stack trace.
 */
final class RunCommand {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  private static final int WARMUP_REQUESTS = 3_000;
  private static final long WARMUP_BUDGET_NANOS = 2_000_000_000L;

  private final PrintStream out;
  private final PrintStream err;
  private final StopSignal stop;

  RunCommand(PrintStream out, PrintStream err, StopSignal stop) {
    this.out = out;
    this.err = err;
    this.stop = stop;
  }

  /** A user-facing failure: printed as is, with its exit code. */
  static final class UserError extends Exception {
    final ExitCode code;

    UserError(ExitCode code, String message) {
      super(message);
      this.code = code;
    }
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
    if (!loaded.ok()) throw configError(loaded.formatProblems().strip(), loaded.problems().size());
    for (ConfigProblem note : loaded.notes()) LOG.warn("{}", note.format());
    Config config = loaded.config();
    List<String> simulatorProblems = RunSetup.simulatorProblems(config);
    if (!simulatorProblems.isEmpty()) throw configError(String.join("\n", simulatorProblems), simulatorProblems.size());
    RunPlan plan = RunPlan.of(config.load());
    Path reportFolder = Path.of(config.storage().localStorage().path());

    if (args.dryRun()) {
      Tokenizer tokenizer = loadTokenizer(config, config.server().modelName());
      DataGenerator data = dataGenerator(config, tokenizer);
      out.print(PlanText.render(config, plan, data.describe(), describe(tokenizer), reportFolder.toString()));
      out.println("Dry run: the configuration is valid; nothing was sent.");
      return ExitCode.OK;
    }
    try (RunningSimulator simulator = config.server().type() == ServerType.SIMULATOR
        ? RunSetup.startSimulator(config) : null) {
      String baseUrl = simulator != null ? simulator.baseUrl() : config.server().baseUrl();
      if (simulator != null) LOG.info("simulator started at {} (profile {})", baseUrl, simulator.options().profile());
      SSLContext tls = tlsContext(config, baseUrl);
      List<String> metricsProblems = ServerMetricsStep.problems(config, baseUrl);
      if (!metricsProblems.isEmpty()) throw configError(String.join("\n", metricsProblems), metricsProblems.size());
      String model = modelName(config, baseUrl, tls);
      Tokenizer tokenizer = loadTokenizer(config, model);
      DataGenerator data = dataGenerator(config, tokenizer);
      RunPlan effectivePlan = new RunPlan(plan.stages(), ServerMetricsStep.intervalNanos(config, plan.intervalNanos()),
          plan.baseSeed());
      LOG.info("\n{}", PlanText.render(config, effectivePlan, data.describe(), describe(tokenizer),
          reportFolder.toString()));
      prepareFolder(reportFolder, loaded);
      try (ServerMetricsStep serverMetrics = ServerMetricsStep.start(config, model, baseUrl)) {
        return benchmark(config, effectivePlan, baseUrl, model, tokenizer, data, reportFolder, serverMetrics);
      }
    }
  }

  private ExitCode benchmark(Config config, RunPlan plan, String baseUrl, String model, Tokenizer tokenizer,
      DataGenerator data, Path folder, ServerMetricsStep serverMetrics) throws UserError, InterruptedException {
    var lifecycle = config.report().requestLifecycle();
    Tokenizer counting = tokenizer.exact() ? tokenizer : null; // no exact tokenizer: ITL per chunk, said in reports
    RequestBuilder builder = new RequestBuilder(config.api(), config.server(), config.data().useChatTemplate());
    RequestFactory factory = (stage, index) -> builder.build(model, data.prompt(stage, index));
    // Multi-turn data: the engine builds each turn from its conversation; warm-up sends first rounds only.
    SessionRequests sessions = data instanceof MultiTurnData multiTurn
        ? new SessionRequests(builder, model, new UserSessions(multiTurn.sessions()), lifecycle.perRequest())
        : null;
    // Without the model's tokenizer the client cannot count output tokens (non-streaming bodies would count 0,
    // streamed ones one per event), so the server's usage count normalises TPOT and throughput instead.
    boolean useServerTokens = lifecycle.useServerOutputTokens() || counting == null;
    AggregationSettings configured = AggregationSettings.from(config.report());
    AggregationSettings settings = new AggregationSettings(configured.percentiles(), useServerTokens,
        configured.maxErrorMessages(), configured.goodputConstraints(), configured.exactValuesCap(),
        configured.spill());
    RunAggregator aggregator = new RunAggregator(settings,
        new MeasurementSetup(tokenizer.name(), counting != null));
    ReportFiles files = new ReportFiles(folder, config.storage().localStorage().reportFilePrefix());
    ClientWarmup.run(factory, counting, WARMUP_REQUESTS, WARMUP_BUDGET_NANOS, RunSetup.https(baseUrl));
    LiveCounters counters = new LiveCounters();
    long originNanos = NanoClock.SYSTEM.nanoTime();
    BenchmarkEngine.RunOutcome outcome;
    ReportingObserver observer;
    ClientResources resources = ClientResources.start();
    try (NettyRequestSender sender = new NettyRequestSender(
            RunSetup.transport(config, baseUrl, counting, lifecycle.perRequest()));
        PerRequestFileWriter perRequest = lifecycle.perRequest()
            ? new PerRequestFileWriter(files.perRequestPath(), originNanos, useServerTokens,
                NanoClock.SYSTEM)
            : null;
        ProgressLine progress = new ProgressLine(counters, sender, err, Terminal.interactive())) {
      Signals.install(stop);
      BenchmarkEngine engine = new BenchmarkEngine(sender, NanoClock.SYSTEM,
          EngineOptions.withGraceSeconds(config.load().stageGraceSeconds()), stop, counters);
      try {
        observer = new ReportingObserver(aggregator, perRequest, progress, serverMetrics::onStageBoundary,
            resources);
        if (perRequest != null && sessions != null) perRequest.extraInfo(sessions::extraInfo);
        outcome = engine.run(plan, sessions != null ? sessions : factory, observer);
      } catch (PromptGenerationException e) {
        throw new UserError(ExitCode.RUN_FAILED, "cannot build prompts: " + e.getMessage());
      }
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "cannot write reports into " + folder + ": " + e.getMessage());
    } finally {
      resources.close();
    }
    ClientResources.Reading end = resources.read();
    RunResult result = aggregator.finish(outcome.status() == RunStatus.INTERRUPTED
        ? io.inferenceperf.metrics.RunStatus.INTERRUPTED : io.inferenceperf.metrics.RunStatus.COMPLETED);
    ReportSet reports;
    try (result) {
      reports = ReportSet.build(result, lifecycle);
    }
    ClientResources.Usage usage = resources.between(null, end, result.recordCount());
    addClientResources(reports, usage, result, observer, resources);
    writeReports(files, reports, folder);
    out.print(SummaryTables.render(reports.stages(), Terminal.width(), Terminal.interactive()));
    List<String> serverTable = serverMetrics.finish(outcome.stages(), reports.stages(), folder,
        config.storage().localStorage().reportFilePrefix());
    if (!serverTable.isEmpty()) out.println("\n" + String.join("\n", serverTable));
    out.println(usage.consoleLine());
    return exitCode(outcome, result);
  }

  /**
   * Adds {@code client_resources} to the summary (whole process: start-up included) and to each stage report
   * (the stage's own window, from its start to the end of its grace period).
   */
  private static void addClientResources(ReportSet reports, ClientResources.Usage run, RunResult result,
      ReportingObserver observer, ClientResources resources) {
    if (reports.summary() != null) {
      reports.summary().set("client_resources", JsonFormat.MAPPER.valueToTree(run.toReportMap()));
    }
    for (var stage : reports.stages()) {
      ClientResources.Reading[] window = observer.stageReadings(stage.stageId());
      if (window == null) continue;
      long requests = result.stages().stream().filter(s -> s.stageId() == stage.stageId())
          .mapToLong(s -> s.aggregate().count()).sum();
      ClientResources.Usage usage = resources.between(window[0], window[1], requests);
      stage.json().set("client_resources", JsonFormat.MAPPER.valueToTree(usage.toReportMap()));
    }
  }

  private ExitCode exitCode(BenchmarkEngine.RunOutcome outcome, RunResult result) {
    if (outcome.status() == RunStatus.INTERRUPTED) {
      err.println("Run interrupted: the reports hold what was measured until then.");
      return Signals.exitCode();
    }
    if (result.recordCount() > 0 && result.successCount() == 0) {
      err.println("No request succeeded: see the Errors table above and the failures block of the reports.");
      return ExitCode.RUN_FAILED;
    }
    return ExitCode.OK;
  }

  private void writeReports(ReportFiles files, ReportSet reports, Path folder) throws UserError {
    try {
      List<Path> written = files.writeAll(reports);
      LOG.info("reports written to {}: {}", folder.toAbsolutePath(),
          written.stream().map(p -> p.getFileName().toString()).toList());
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "cannot write reports into " + folder + ": " + e.getMessage());
    }
  }

  private void prepareFolder(Path folder, LoadResult loaded) throws UserError {
    try {
      Files.createDirectories(folder);
      String prefix = loaded.config().storage().localStorage().reportFilePrefix();
      Files.writeString(new ReportFiles(folder, prefix).configPath(), ConfigYaml.redactedYaml(loaded.resolvedTree()),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "cannot create the report folder " + folder + " ("
          + e.getMessage() + "); set storage.local_storage.path to a writable folder");
    }
  }

  /** For an https base_url, the TLS set-up (checked now: a bad SSL_CERT_FILE or key is a config error); else null. */
  private static SSLContext tlsContext(Config config, String baseUrl) throws UserError {
    if (!RunSetup.https(baseUrl)) return null;
    try {
      return RunSetup.tls(config).jdkContext();
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.CONFIG_ERROR, e.getMessage());
    }
  }

  private String modelName(Config config, String baseUrl, SSLContext tls) throws UserError {
    if (config.server().modelName() != null) return config.server().modelName();
    try {
      return ModelResolver.firstModel(baseUrl, config.server().apiKey(), Duration.ofSeconds(
          Math.max(1, Math.round(config.load().connectTimeoutSeconds()))), tls);
    } catch (ModelResolver.ModelLookupException e) {
      throw new UserError(ExitCode.RUN_FAILED, e.getMessage());
    }
  }

  private Tokenizer loadTokenizer(Config config, String model) throws UserError {
    HubSettings hub = HubSettings.from(System.getenv(), Path.of(System.getProperty("user.home")),
        config.tokenizer() == null ? null : config.tokenizer().token());
    TokenizerLoadResult result = TokenizerLoader.load(config.tokenizer(), model, hub);
    return switch (result) {
      case TokenizerLoadResult.Failed failed -> throw new UserError(ExitCode.RUN_FAILED, failed.message());
      case TokenizerLoadResult.Loaded ok -> {
        ok.warnings().forEach(w -> LOG.warn("{}", w));
        String dataWarning = approximateCountsWarning(config.data().type(), ok.tokenizer());
        if (dataWarning != null) LOG.warn("{}", dataWarning);
        LOG.info("tokenizer: {} ({})", ok.tokenizer().name(), ok.source());
        yield ok.tokenizer();
      }
    };
  }

  /**
   * What approximate counts mean for this data type, or null when they do not matter. inference-perf stops when
   * a data type other than mock has no tokenizer; we run on with the approximation and say what it affects.
   */
  static String approximateCountsWarning(DataType type, Tokenizer tokenizer) {
    if (tokenizer.exact() || type == DataType.MOCK) return null;
    String what = type.isDataset()
        ? "the data.input_distribution/output_distribution length filters and each request's max_tokens (the"
            + " dataset completion's length) use approximate token counts, so rows near the limits may be kept or"
            + " dropped wrongly and outputs may be asked a little longer or shorter than the dataset's"
        : "prompts are made exactly the drawn number of tokens of the approximation, not of the model, so the"
            + " server's prompt lengths will differ from the configured lengths";
    return "data.type " + type.yamlName + ": " + what + " (input tokens in the reports come from the server's"
        + " usage when it reports them; output ITL is per chunk)";
  }

  private static DataGenerator dataGenerator(Config config, Tokenizer tokenizer) throws UserError {
    return switch (DataGenerators.create(config, tokenizer, config.data().extensions())) {
      case DataGeneratorResult.Ready ready -> ready.generator();
      case DataGeneratorResult.Invalid invalid -> throw new UserError(ExitCode.CONFIG_ERROR,
          String.join("\n", invalid.problems()) + "\n" + problemsLine(invalid.problems().size()));
    };
  }

  private static String describe(Tokenizer tokenizer) {
    return tokenizer.name() + (tokenizer.exact() ? "" : " (approximate counts; ITL per chunk)");
  }

  private static UserError configError(String problems, int count) {
    return new UserError(ExitCode.CONFIG_ERROR, problems + "\n" + problemsLine(count));
  }

  private static String problemsLine(int count) {
    return count + (count == 1 ? " problem" : " problems") + " in the configuration; nothing was sent.";
  }
}
