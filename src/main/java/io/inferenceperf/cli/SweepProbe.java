package io.inferenceperf.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.config.SweepConfig;
import io.inferenceperf.engine.BenchmarkEngine;
import io.inferenceperf.engine.EngineOptions;
import io.inferenceperf.engine.LiveCounters;
import io.inferenceperf.engine.RequestFactory;
import io.inferenceperf.engine.RequestSender;
import io.inferenceperf.engine.RunObserver;
import io.inferenceperf.engine.StopSignal;
import io.inferenceperf.record.RequestRecord;
import io.inferenceperf.schedule.OpenLoopStage;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.schedule.StagePlan;
import io.inferenceperf.sweep.ActiveSamples;
import io.inferenceperf.sweep.ClientLimits;
import io.inferenceperf.sweep.SaturationEstimate;
import io.inferenceperf.sweep.SweepPlanner;
import io.inferenceperf.time.EngineClock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * load.sweep's probe: a burst of num_requests over 5 s, cut at the sweep's timeout, whose records feed only the
 * saturation estimate (never the stage reports); then the stage rates. The probe's samples, estimate and any
 * client limit go to their own report file, {@value #REPORT_NAME}.
 */
final class SweepProbe {
  private static final Logger LOG = LoggerFactory.getLogger(SweepProbe.class);

  static final String REPORT_NAME = "sweep_probe.json";

  /** What the probe found and the stages it chose. */
  record Result(OpenLoopStage probe, List<ActiveSamples.Sample> samples, SaturationEstimate estimate,
      List<Double> rates, List<String> clientLimits) {}

  private SweepProbe() {}

  static Result run(LoadConfig load, RequestSender sender, EngineClock clock, StopSignal stop, LiveCounters counters,
      RequestFactory factory) throws UserError, InterruptedException {
    SweepConfig sweep = load.sweep();
    OpenLoopStage probe = SweepPlanner.probe(load);
    LOG.info("sweep: probe {}, at most {} s", BenchmarkEngine.describe(probe), sweep.timeoutSeconds());
    double grace = Math.max(0, sweep.timeoutSeconds() - SweepPlanner.PROBE_SECONDS);
    BenchmarkEngine engine = new BenchmarkEngine(sender, clock, EngineOptions.withGraceSeconds(grace), stop, counters);
    Collected collected = new Collected();
    engine.run(new RunPlan(List.of(probe), 0, load.baseSeed()), factory, collected);
    if (stop.stopped()) {
      return null;
    }
    List<ActiveSamples.Sample> samples = ActiveSamples.of(collected.records, collected.startNanos,
        Math.round(sweep.timeoutSeconds() * 1e9));
    long cap = load.workerMaxConcurrency() == 0 ? 0 : (long) load.numWorkers() * load.workerMaxConcurrency();
    List<String> limits = ClientLimits.find(collected.records, samples, cap);
    limits.forEach(limit -> LOG.warn("sweep: the client limited the probe, so its estimate is the client's limit,"
        + " not the server's: {}", limit));
    try {
      SaturationEstimate estimate = SaturationEstimate.of(samples, sweep.saturationPercentile());
      List<Double> rates = SweepPlanner.rates(sweep.type(), estimate.saturationRate(), sweep.numStages());
      LOG.info(String.format("sweep: saturation rate %.2f req/s (p%s of %d burn-down rates)",
          estimate.saturationRate(), BenchmarkEngine.trimmed(sweep.saturationPercentile()),
          estimate.burnDownRates().size()));
      for (int i = 0; i < rates.size(); i++) {
        LOG.info("sweep: stage {} chosen: {} req/s for {} s{}", i, rates.get(i), sweep.stageDurationSeconds(),
            i == rates.size() - 1 ? " (the saturation point)" : "");
      }
      return new Result(probe, samples, estimate, rates, limits);
    } catch (SaturationEstimate.TooFewSamplesException e) {
      throw new UserError(ExitCode.CONFIG_ERROR, e.getMessage() + " (probe samples of requests in flight: "
          + samples.stream().map(s -> String.valueOf(s.active())).toList() + ")");
    }
  }

  /** Writes {@value #REPORT_NAME}: the probe, every sample, the burn-down rates, the estimate and the stages. */
  static void writeReport(Path folder, String prefix, Result result, SweepConfig sweep) throws IOException {
    Path file = folder.resolve(prefix + REPORT_NAME);
    try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeStringField("type", sweep.type().yamlName);
      json.writeNumberField("probe_requests", result.probe().plannedRequests());
      json.writeNumberField("probe_rate", result.probe().rate());
      json.writeNumberField("timeout", sweep.timeoutSeconds());
      json.writeArrayFieldStart("samples");
      for (ActiveSamples.Sample s : result.samples()) {
        json.writeStartObject();
        json.writeNumberField("time", s.seconds());
        json.writeNumberField("active_requests", s.active());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("burn_down_rates");
      for (double rate : result.estimate().burnDownRates()) json.writeNumber(rate);
      json.writeEndArray();
      json.writeNumberField("saturation_percentile", sweep.saturationPercentile());
      json.writeNumberField("saturation_rate", result.estimate().saturationRate());
      json.writeArrayFieldStart("stage_rates");
      for (double rate : result.rates()) json.writeNumber(rate);
      json.writeEndArray();
      json.writeNumberField("stage_duration", sweep.stageDurationSeconds());
      json.writeBooleanField("client_limited", !result.clientLimits().isEmpty());
      json.writeArrayFieldStart("client_limits");
      for (String limit : result.clientLimits()) json.writeString(limit);
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  /** The probe's records, kept apart from the results file and the aggregation. */
  private static final class Collected implements RunObserver {
    final List<RequestRecord> records = new ArrayList<>();
    long startNanos;

    @Override
    public void stageStarted(StagePlan plan, StageClock clock) {
      startNanos = clock.startNanos();
    }

    @Override
    public void record(RequestRecord record) {
      records.add(record);
    }
  }
}
