package io.inferenceperf.sweep;

import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.config.LoadStage;
import io.inferenceperf.config.SweepConfig;
import io.inferenceperf.schedule.OpenLoopStage;
import java.util.ArrayList;
import java.util.List;

/** The sweep's stages: the probe burst, and the stage rates spread from 1 to the saturation rate. */
public final class SweepPlanner {

  /** inference-perf's probe lasts 5 s: num_requests / 5 requests per second. */
  public static final double PROBE_SECONDS = 5.0;

  private SweepPlanner() {}

  /** The probe: num_requests over {@link #PROBE_SECONDS} with the load's arrival type and seed. */
  public static OpenLoopStage probe(LoadConfig load) {
    SweepConfig sweep = load.sweep();
    // A trace_replay sweep probes with an even burst; its chosen stages then follow the trace.
    LoadConfig.LoadType type = load.type() == LoadConfig.LoadType.TRACE_REPLAY ? LoadConfig.LoadType.CONSTANT
        : load.type();
    return OpenLoopStage.of(0, type, sweep.numRequests() / PROBE_SECONDS,
        Math.round(PROBE_SECONDS * 1e9), load.baseSeed());
  }

  /**
   * inference-perf's rates, rounded to 2 decimals: linear = linspace(1, saturation, n); geometric = 1 + saturation -
   * x for x in geomspace(saturation, 1, n), which puts the stages closer together near saturation.
   */
  public static List<Double> rates(SweepConfig.SweepType type, double saturation, int numStages) {
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < numStages; i++) {
      double fraction = numStages == 1 ? 0 : (double) i / (numStages - 1);
      double rate = switch (type) {
        case LINEAR -> 1 + (saturation - 1) * fraction;
        case GEOMETRIC -> 1 + saturation - saturation * Math.pow(1 / saturation, fraction);
        case SLO -> throw new IllegalArgumentException("the SLO search chooses its rates one stage at a time");
      };
      rates.add(Math.round(rate * 100) / 100.0);
    }
    return List.copyOf(rates);
  }

  /** The stages for those rates, each stage_duration long. */
  public static List<LoadStage> stages(List<Double> rates, double stageDurationSeconds) {
    return rates.stream().map(rate -> LoadStage.rate(rate, stageDurationSeconds)).toList();
  }
}
