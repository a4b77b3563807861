package io.inferenceperf.cli;

import io.inferenceperf.api.ApiClient;
import io.inferenceperf.api.ExchangeObserver;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.record.Status;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.sweep.SweepPlanner;
import io.inferenceperf.data.PromptGenerationException;
import io.inferenceperf.engine.BenchmarkEngine;
import io.inferenceperf.engine.EngineOptions;
import io.inferenceperf.engine.LiveCounters;
import io.inferenceperf.engine.StopSignal;
import io.inferenceperf.htmlreport.Timeline;
import io.inferenceperf.metrics.ClientResources;
import io.inferenceperf.metrics.MeasurementSetup;
import io.inferenceperf.report.PerRequestFileWriter;
import io.inferenceperf.report.PerRequestListener;
import io.inferenceperf.report.ReportCollector;
import io.inferenceperf.results.ResultsFormat;
import io.inferenceperf.record.Placement;
import io.inferenceperf.record.StartAgreement;
import io.inferenceperf.results.ResultsHeader;
import io.inferenceperf.results.ResultsListener;
import io.inferenceperf.results.ResultsTee;
import io.inferenceperf.results.ResultsWriter;
import io.inferenceperf.results.RunEnd;
import io.inferenceperf.servermetrics.PrometheusReports;
import io.inferenceperf.servermetrics.ServerMetricsJson;
import io.inferenceperf.time.SystemEngineClock;
import io.inferenceperf.tracing.RequestTracer;
import io.inferenceperf.transport.IoPriority;
import io.inferenceperf.transport.Transport;
import io.inferenceperf.transport.TransportOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 2 of a run: warms the client up, runs the stages against the server and streams every result, as it
 * happens, to the results file, the aggregation and (when asked) the per-request file; then asks the server's
 * metrics for each stage's window. A run interrupted by a signal ends here too, with what it measured.
 */
final class RunExecution {
  private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);

  private static final int WARMUP_REQUESTS = 3_000;
  /**
   * The warm-up's time budget, 2 s; the system property inferenceperf.warmupBudgetMillis=0 skips it, for the tests
   * whose child runs measure no latency (a cold JVM spends the whole budget).
   */
  private static final long WARMUP_BUDGET_NANOS = Long.getLong("inferenceperf.warmupBudgetMillis", 2_000) * 1_000_000L;

  /**
   * What the execution produced for the report step.
   *
   * @param conclusions lines printed under the summary tables (the sweep's saturation point, the SLO capacity)
   * @param writeFailures the files that could not be written (a full disk), the first of which stopped the run
   */
  record Executed(BenchmarkEngine.RunOutcome outcome, ReportCollector results, Path resultsFile, Timeline timeline,
      List<String> conclusions, List<WriteFailureStop.Failure> writeFailures) {

    /** The sweep's own reports (probe, SLO search) that this run wrote, for upload with the others. */
    List<Path> extraReports() {
      if (resultsFile == null) return List.of();
      Path folder = resultsFile.getParent();
      String prefix = resultsFile.getFileName().toString().replace(ResultsFormat.FILE_NAME, "");
      return java.util.stream.Stream.of(SweepProbe.REPORT_NAME, SloSearchRun.REPORT_NAME)
          .map(name -> folder.resolve(prefix + name)).filter(java.nio.file.Files::exists).toList();
    }
  }

  private final ResolvedRun run;
  private final StopSignal stop;
  private final PrintStream err;
  private final List<String> conclusions = new ArrayList<>();

  RunExecution(ResolvedRun run, StopSignal stop, PrintStream err) {
    this.run = run;
    this.stop = stop;
    this.err = err;
  }

  Executed execute(ServerMetricsStep serverMetrics) throws UserError, InterruptedException {
    if (WARMUP_BUDGET_NANOS > 0) {
      ClientWarmup.runOncePerJvm(run.requests(), run.countingTokenizer(), WARMUP_REQUESTS, WARMUP_BUDGET_NANOS,
          RunSetup.https(run.baseUrl()));
    } else {
      LOG.info("client warm-up: skipped (inferenceperf.warmupBudgetMillis=0)");
    }
    Placement placement = PlacementStep.detect(run.baseUrl()); // API reads, before the run's clock starts
    StartAgreement start = StartStep.agree(run.config(), run.plan().replica(), System.getenv());
    SystemEngineClock clock = new SystemEngineClock();
    long originNanos = clock.nanoTime();
    long originEpochNanos = epochNanos(Instant.now());
    WriteFailureStop writeFailures = new WriteFailureStop(stop, err);
    ReportCollector collector = new ReportCollector(scratchWatched(writeFailures));
    Timeline timeline = new Timeline();
    Path resultsPath = run.folder().resolve(prefix() + ResultsFormat.FILE_NAME);
    ClientResources resources = ClientResources.start();
    BenchmarkEngine.RunOutcome outcome;
    ResultsWriter resultsFile = null;
    try (RequestTracer tracer = RunTracing.start(System.getenv());
        ApiClient client = new ApiClient(transportOptions(), run.countingTokenizer(), run.perRequest(),
            tracer == null ? ExchangeObserver.NONE : tracer);
        PerRequestFileWriter perRequest = run.perRequest()
            ? new PerRequestFileWriter(run.files().perRequestPath(), originNanos,
                run.aggregation().useServerOutputTokens(), clock)
            : null) {
      if (tracer != null && run.requests() instanceof ReplayRequests replay) {
        replay.traceSessions(); // a span per replayed session, its requests' spans its children
        tracer.sessions(replay::tracedSession);
      }
      resultsFile = ResultsWriter.create(resultsPath, originNanos, clock);
      writeFailures.watch(resultsFile, resultsPath);
      ResultsListener results = tee(resultsFile, collector, timeline,
          perRequest == null ? null : new PerRequestListener(perRequest,
              writeFailures.perRequestFile(run.files().perRequestPath())), resultsPath);
      boolean kernel = client.transport().arrivalClock() == Transport.ArrivalClock.KERNEL;
      IoPriority.Outcome priority = client.transport().ioPriority();
      LOG.info("I/O threads: {} ({})", priority.reportName(), priority.detail());
      results.header(header(originEpochNanos,
          run.measurement().withKernelTimestamps(kernel).withIoPriority(priority.reportName()), placement, start));
      outcome = runStages(client, clock, results, serverMetrics, resources, start);
      writeFailures.runOver();
      PrometheusReports server = serverMetrics.collect(outcome.stages(), stop);
      if (!server.isEmpty()) results.serverMetrics(ServerMetricsJson.write(server));
      results.runEnded(new RunEnd(outcome.status(),
          resources.between(null, resources.read(), collector.recordCount())));
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "cannot write reports into " + run.folder() + ": " + e.getMessage());
    } finally {
      resources.close();
      if (resultsFile != null) resultsFile.close();
    }
    warnIfBroken(resultsFile, resultsPath);
    return new Executed(outcome, collector, resultsPath, timeline, List.copyOf(conclusions), writeFailures.failures());
  }

  /** The transport's options; an unusable base URL or TLS set-up is a configuration error. */
  private TransportOptions transportOptions() throws UserError {
    try {
      return RunSetup.transport(run.config(), run.baseUrl());
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.CONFIG_ERROR, e.getMessage());
    }
  }

  private BenchmarkEngine.RunOutcome runStages(ApiClient client, SystemEngineClock clock, ResultsListener results,
      ServerMetricsStep serverMetrics, ClientResources resources, StartAgreement start)
      throws UserError, InterruptedException {
    LiveCounters counters = new LiveCounters();
    try (ProgressLine progress = new ProgressLine(counters, client::inFlight, err, Terminal.interactive())) {
      Signals.install(stop);
      BenchmarkEngine engine = new BenchmarkEngine(client, clock,
          BreakerStep.engineOptions(run.config(), engineOptions(start)), stop, counters, resources::tickLateness);
      io.inferenceperf.engine.RunObserver observer = BreakerStep.watch(run.config(), new ReportingObserver(results,
          run.sessions() != null ? run.sessions()::extraInfo
              : run.requests() instanceof ReplayRequests replay ? replay::extraInfo : null, progress, serverMetrics::onStageBoundary,
          resources), results, stop, conclusions::add);
      try {
        RunPlan plan = run.plan();
        LoadConfig load = run.config().load();
        if (load.sweep() != null && load.sweep().type() == io.inferenceperf.config.SweepConfig.SweepType.SLO) {
          return SloSearchRun.run(load, ServerMetricsStep.intervalNanos(run.config(), plan.intervalNanos()),
              run.aggregation(), engine, run.requests(), observer, stop, run.folder(), prefix(), conclusions::add);
        }
        if (load.sweep() != null) {
          plan = sweepPlan(client, clock, counters);
          if (plan == null) {
            return new BenchmarkEngine.RunOutcome(Status.INTERRUPTED, List.of());
          }
        }
        return engine.run(plan, run.sessions() != null ? run.sessions() : run.requests(), observer);
      } catch (PromptGenerationException e) {
        throw new UserError(ExitCode.RUN_FAILED, "cannot build prompts: " + e.getMessage());
      }
    }
  }

  /** Runs the sweep's probe, writes its report, and returns the stages it chose; null when the run was stopped. */
  private RunPlan sweepPlan(ApiClient client, SystemEngineClock clock, LiveCounters counters)
      throws UserError, InterruptedException {
    LoadConfig load = run.config().load();
    SweepProbe.Result probe = SweepProbe.run(load, client, clock, stop, counters, run.requests());
    if (probe == null) {
      return null;
    }
    try {
      SweepProbe.writeReport(run.folder(), prefix(), probe, load.sweep());
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "cannot write the sweep's probe report into " + run.folder() + ": "
          + e.getMessage());
    }
    RunPlan plan = RunPlans.of(run.config(), load.withStages(
        SweepPlanner.stages(probe.rates(), load.sweep().stageDurationSeconds())));
    conclusions.add(String.format("Saturation point: stage %d, %s req/s (p%s of the probe's burn-down rates: %s%s)",
        probe.rates().size() - 1, probe.rates().getLast(), BenchmarkEngine.trimmed(load.sweep().saturationPercentile()),
        prefix() + SweepProbe.REPORT_NAME, probe.clientLimits().isEmpty() ? "" : "; LIMITED BY THE CLIENT, see the warnings"));
    plan = plan.withIntervalNanos(ServerMetricsStep.intervalNanos(run.config(), plan.intervalNanos()));
    pauseAfterProbe(clock, plan.intervalNanos());
    return plan;
  }

  private void pauseAfterProbe(SystemEngineClock clock, long nanos) throws InterruptedException {
    long end = clock.nanoTime() + nanos;
    while (!stop.stopped() && clock.nanoTime() < end) clock.awaitUntil(end);
  }

  /**
   * The aggregation's settings for this run: a scratch file of exact values that cannot grow stops the run like
   * the run's other files.
   */
  private java.util.function.UnaryOperator<io.inferenceperf.metrics.AggregationSettings> scratchWatched(
      WriteFailureStop writeFailures) {
    return settings -> settings.spill().toDisk()
        ? settings.withSpill(settings.spill().onWriteFailure(writeFailures.scratchFiles(settings.spill().directory())))
        : settings;
  }

  private ResultsListener tee(ResultsWriter resultsFile, ReportCollector collector, Timeline timeline,
      PerRequestListener perRequest, Path resultsPath) {
    List<ResultsListener> listeners = new ArrayList<>(List.of(resultsFile, collector, timeline));
    if (perRequest != null) listeners.add(perRequest);
    if (run.storage().enabled()) {
      // after the results file, which flushes at each stage's end: the snapshot holds the whole stage
      listeners.add(new ResultsListener() {
        @Override
        public void stageEnded(io.inferenceperf.results.StageEnd end) {
          run.storage().stageEnded(resultsPath);
        }
      });
    }
    return new ResultsTee(listeners);
  }

  /** Requests prepared ahead when they carry media: bounds the memory their bodies take (the default is 2048). */
  static final int MEDIA_PREPARE_AHEAD = 256;

  /** The engine's timing, with the start instant the load generators of a distributed run agreed on. */
  private EngineOptions engineOptions(StartAgreement start) {
    EngineOptions options = EngineOptions.withGraceSeconds(run.config().load().stageGraceSeconds());
    if (run.config().data().hasMedia()) {
      options = options.withPrepareAhead(MEDIA_PREPARE_AHEAD); // each prepared body holds its media
    }
    return start == null ? options : options.withStartAt(start.startEpochMillis());
  }

  private ResultsHeader header(long originEpochNanos, MeasurementSetup measurement, Placement placement,
      StartAgreement start) {
    return new ResultsHeader(ResultsFormat.VERSION, "inference-perf-java " + Cli.VERSION, originEpochNanos,
        run.configYaml(), run.config().report(), prefix(), measurement, run.aggregation(), run.plan().baseSeed(),
        run.plan().replica().replicas(), run.plan().replica().index(), placement, start,
        run.config().load().loraTrafficSplit());
  }

  private String prefix() {
    String prefix = run.config().storage().localStorage().reportFilePrefix();
    return prefix == null ? "" : prefix;
  }

  /** The results file stopped being written (disk full, ...): the reports are still complete, say so. */
  private static void warnIfBroken(ResultsWriter resultsFile, Path path) {
    if (resultsFile.failure() != null) {
      LOG.error("the results file {} was not written completely ({}): it holds the lines up to its last flush",
          path, resultsFile.failure().toString());
    }
  }

  private static long epochNanos(Instant now) {
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
