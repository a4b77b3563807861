package io.inferenceperf.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.config.SweepConfig;
import io.inferenceperf.engine.BenchmarkEngine;
import io.inferenceperf.engine.RequestFactory;
import io.inferenceperf.engine.RunObserver;
import io.inferenceperf.engine.StageOutcome;
import io.inferenceperf.engine.StopSignal;
import io.inferenceperf.metrics.AggregationSettings;
import io.inferenceperf.metrics.GoodputTally;
import io.inferenceperf.metrics.RequestMetrics;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.schedule.OpenLoopStage;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.schedule.StagePlan;
import io.inferenceperf.sweep.SloSearch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the SLO capacity search (load.sweep.type: slo): one stage at a time, each stage's goodput decides the next
 * rate ({@link SloSearch}). Every stage is an ordinary stage of the run (in the results file and the stage reports);
 * the search's own report, {@value #REPORT_NAME}, states the capacity, the bracket and each stage's goodput.
 */
final class SloSearchRun {
  private static final Logger LOG = LoggerFactory.getLogger(SloSearchRun.class);

  static final String REPORT_NAME = "slo_search.json";

  private SloSearchRun() {}

  static BenchmarkEngine.RunOutcome run(LoadConfig load, long intervalNanos, AggregationSettings settings,
      BenchmarkEngine engine, RequestFactory factory, RunObserver observer, StopSignal stop, Path folder,
      String prefix, java.util.function.Consumer<String> conclusion) throws InterruptedException, UserError {
    SweepConfig.SloSearchConfig slo = load.sweep().slo();
    SloSearch search = new SloSearch(slo.startRate(), slo.targetGoodput(), slo.tolerance(), slo.maxStages());
    List<StageOutcome> outcomes = new ArrayList<>();
    int stageId = 0;
    for (SloSearch.Step step = search.next(); step != null && !stop.stopped(); step = search.next()) {
      double seconds = step.fullLength() ? load.sweep().stageDurationSeconds() : slo.searchStageDurationSeconds();
      OpenLoopStage stage = OpenLoopStage.of(stageId, load.type(), step.rate(), Math.round(seconds * 1e9),
          RunPlan.mix(load.baseSeed(), stageId));
      LOG.info("slo search: stage {} chosen ({}): {} req/s for {} s", stageId,
          step.phase().name().toLowerCase(java.util.Locale.ROOT), step.rate(), seconds);
      StageGoodput goodput = new StageGoodput(observer, settings);
      BenchmarkEngine.RunOutcome ran = engine.run(new RunPlan(List.of(stage), intervalNanos, load.baseSeed()),
          factory, goodput);
      outcomes.addAll(ran.stages());
      if (stop.stopped()) break;
      double percent = goodput.percent();
      LOG.info(String.format("slo search: stage %d at %s req/s: goodput %.1f%% (target %s%%): %s", stageId,
          step.rate(), percent, BenchmarkEngine.trimmed(slo.targetGoodput()),
          percent >= slo.targetGoodput() ? "met" : "missed"));
      search.record(percent);
      stageId++;
    }
    SloSearch.Result result = search.result();
    if (!stop.stopped()) {
      LOG.info(result.confirmed()
          ? String.format("slo search: capacity %s req/s (bracket %s to %s req/s, %.1f%% wide; %s)",
              result.capacity(), result.bracketLow(), result.bracketHigh(), result.relativeWidth() * 100,
              result.stopReason())
          : "slo search: no capacity found: " + result.stopReason());
      writeReport(folder.resolve(prefix + REPORT_NAME), result, slo);
      conclusion.accept(result.confirmed()
          ? String.format("SLO capacity: %s req/s with goodput >= %s%% (stage %d confirmed it; bracket %s to %s req/s;"
              + " %s)", result.capacity(), BenchmarkEngine.trimmed(slo.targetGoodput()), result.trials().size() - 1,
              result.bracketLow(), result.bracketHigh(), prefix + REPORT_NAME)
          : "SLO capacity: not found (" + result.stopReason() + "; " + prefix + REPORT_NAME + ")");
    }
    return new BenchmarkEngine.RunOutcome(stop.runStatus(outcomes), List.copyOf(outcomes));
  }

  private static void writeReport(Path file, SloSearch.Result result, SweepConfig.SloSearchConfig slo)
      throws UserError {
    try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeNumberField("target_goodput", slo.targetGoodput());
      json.writeNumberField("capacity", result.capacity());
      json.writeBooleanField("confirmed", result.confirmed());
      json.writeObjectFieldStart("bracket");
      json.writeNumberField("low", result.bracketLow());
      if (Double.isFinite(result.bracketHigh())) {
        json.writeNumberField("high", result.bracketHigh());
        json.writeNumberField("relative_width", result.relativeWidth());
      }
      json.writeEndObject();
      json.writeStringField("stop_reason", result.stopReason());
      json.writeArrayFieldStart("stages");
      for (int i = 0; i < result.trials().size(); i++) {
        SloSearch.Trial trial = result.trials().get(i);
        json.writeStartObject();
        json.writeNumberField("stage", i);
        json.writeStringField("phase", trial.step().phase().name().toLowerCase(java.util.Locale.ROOT));
        json.writeNumberField("rate", trial.step().rate());
        json.writeBooleanField("full_length", trial.step().fullLength());
        json.writeNumberField("goodput_percentage", trial.goodputPercent());
        json.writeBooleanField("met", trial.met());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UserError(ExitCode.RUN_FAILED, "cannot write " + file + ": " + e.getMessage());
    }
  }

  /**
   * Forwards everything to the run's observer and counts the stage's goodput: good requests (successes meeting
   * every constraint) over all its requests, failures included (a failed request serves no user).
   */
  private static final class StageGoodput implements RunObserver {
    private final RunObserver delegate;
    private final AggregationSettings settings;
    private final GoodputTally tally;
    private long requests;

    StageGoodput(RunObserver delegate, AggregationSettings settings) {
      this.delegate = delegate;
      this.settings = settings;
      this.tally = new GoodputTally(settings.goodputConstraints(), settings.headerSlos());
    }

    @Override
    public void stageStarted(StagePlan plan, StageClock clock) {
      delegate.stageStarted(plan, clock);
    }

    @Override
    public void record(RequestRecord record) {
      delegate.record(record);
      requests++;
      if (record.success()) {
        tally.add(RequestMetrics.of(record, settings.useServerOutputTokens()), Math.max(record.promptTokens(), 0));
      }
    }

    @Override
    public void stageEnded(StagePlan plan, StageOutcome outcome) {
      delegate.stageEnded(plan, outcome);
    }

    double percent() {
      GoodputTally.Result result = tally.result(1.0);
      return requests == 0 || result == null ? 0.0 : 100.0 * result.goodRequests() / requests;
    }
  }
}
