package io.inferenceperf.cli;

import io.inferenceperf.config.Config;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.config.ServerConfig.ServerType;
import io.inferenceperf.engine.BenchmarkEngine;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.schedule.StagePlan;
import io.inferenceperf.schedule.OpenLoopStage;
import io.inferenceperf.metrics.InFlightCap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The resolved plan as text: what --dry-run prints and what a run logs before it starts. */
final class PlanText {
  private PlanText() {}

  static String render(Config config, RunPlan plan, String dataDescription, String tokenizerDescription,
      String reportFolder) {
    LoadConfig load = config.load();
    StringBuilder out = new StringBuilder();
    out.append("Plan\n");
    line(out, "server", config.server().type().yamlName + " "
        + (config.server().type() == ServerType.MOCK ? "(the built-in simulator in-process: no real server is measured)"
            : config.server().baseUrl() == null ? "(embedded, free loopback port)" : config.server().baseUrl())
        + (config.server().modelName() == null ? ", model from /v1/models" : ", model " + config.server().modelName()));
    line(out, "api", config.api().type().yamlName + (config.api().streaming() ? ", streaming" : ", not streaming")
        + ", ignore_eos " + config.server().ignoreEos());
    line(out, "data", dataDescription);
    line(out, "tokenizer", tokenizerDescription);
    line(out, "arrivals", arrivalModel(load.type()));
    line(out, "base_seed", load.baseSeed() + " (arrival times and prompts are reproducible with it)");
    line(out, "workers", load.numWorkers() + " event loops, at most "
        + (load.workerMaxConcurrency() == 0 ? "unlimited" : load.workerMaxConcurrency() + "")
        + " requests in flight and " + load.workerMaxTcpConnections() + " connections each");
    line(out, "timeouts", String.format(Locale.ROOT, "connect %ss, headers %ss, idle stream %ss, request %s, "
            + "stage grace %ss", num(load.connectTimeoutSeconds()), num(load.headerTimeoutSeconds()),
        num(load.idleStreamTimeoutSeconds()),
        load.requestTimeoutSeconds() == null ? "no limit" : num(load.requestTimeoutSeconds()) + "s",
        num(load.stageGraceSeconds())));
    line(out, "reports", reportFolder);
    String breakers = BreakerStep.planLine(config);
    if (breakers != null) line(out, "breakers", breakers);
    if (!plan.replica().whole()) {
      Long startAt = load.distributed().startAtEpochMillis();
      line(out, "share", String.format(Locale.ROOT, "load generator %d of %d (index %d): every %d%s arrival of each"
              + " stage from the %s, with its prompts; stage 0 starts %s", plan.replica().index() + 1,
          plan.replica().replicas(), plan.replica().index(), plan.replica().replicas(),
          ordinalSuffix(plan.replica().replicas()), ordinal(plan.replica().index() + 1),
          startAt == null ? "when ready (in a Kubernetes Indexed Job: when all its pods are, through the start"
              + " barrier)" : "at " + java.time.Instant.ofEpochMilli(startAt)));
    }
    if (load.sweep() != null) {
      out.append(sweepText(load));
      return out.toString();
    }
    out.append("Stages (").append(num(load.intervalSeconds())).append(" s between stages)\n");
    for (StagePlan stage : plan.stages()) {
      out.append(String.format(Locale.ROOT, "  %d  %s  (seed %d)%n", stage.stageId(), BenchmarkEngine.describe(stage),
          stage.seed()));
    }
    out.append(String.format(Locale.ROOT, "Total: %d requests in %d stages%n", plan.totalPlannedRequests(),
        plan.stages().size()));
    capWarnings(plan, RunSetup.inFlightCap(config)).forEach(w -> out.append("Warning: ").append(w).append('\n'));
    return out.toString();
  }

  /** Requests must be this short, at least, for a stage's rate to fit the in-flight cap without a warning. */
  static final double FIT_WARNING_SECONDS = 1.0;

  /**
   * Rate stages whose rate the in-flight cap holds back unless requests are short: by Little's law a cap of C
   * requests at R req/s fits only requests shorter than C / R seconds, and LLM requests rarely take under a second.
   */
  static List<String> capWarnings(RunPlan plan, InFlightCap cap) {
    List<String> warnings = new ArrayList<>();
    if (!cap.capped()) return warnings;
    for (StagePlan stage : plan.stages()) {
      if (!(stage instanceof OpenLoopStage open)) continue;
      double fitSeconds = cap.requests() / open.rate();
      if (fitSeconds < FIT_WARNING_SECONDS) {
        warnings.add(String.format(Locale.ROOT, "stage %d asks %s req/s with %s: only requests shorter than %.3f s"
                + " keep that rate; for 1 s requests set %s to %d or raise load.num_workers", stage.stageId(),
            num(open.rate()), cap.describe(), fitSeconds, cap.limitingKey(), cap.perWorkerNeeded(open.rate(), 1.0)));
      }
    }
    return warnings;
  }

  private static String ordinal(int n) {
    return n + ordinalSuffix(n);
  }

  private static String ordinalSuffix(int n) {
    if (n % 100 >= 11 && n % 100 <= 13) return "th";
    return switch (n % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
  }

  /** A sweep's stages are chosen at run time: the probe, then how the rates will be spread. */
  private static String sweepText(LoadConfig load) {
    io.inferenceperf.config.SweepConfig sweep = load.sweep();
    if (sweep.type() == io.inferenceperf.config.SweepConfig.SweepType.SLO) {
      var slo = sweep.slo();
      return String.format(Locale.ROOT, "SLO capacity search, stages chosen one at a time%n"
              + "  target  goodput >= %s%% of each stage's requests%n"
              + "  search  from %s req/s, stages of %ss, until the bracket is within %s%% (at most %d stages)%n"
              + "  confirm one stage of %ss at the capacity found%n",
          num(slo.targetGoodput()), num(slo.startRate()), num(slo.searchStageDurationSeconds()),
          num(slo.tolerance() * 100), slo.maxStages(), num(sweep.stageDurationSeconds()));
    }
    StagePlan probe = io.inferenceperf.sweep.SweepPlanner.probe(load);
    return String.format(Locale.ROOT, "Sweep (%s), stages chosen after the probe%n"
            + "  probe  %s, at most %ss; saturation = p%s of its burn-down rates%n"
            + "  then   %d stages of %ss from 1 req/s to the saturation rate (%s s between stages)%n",
        sweep.type().yamlName, BenchmarkEngine.describe(probe), num(sweep.timeoutSeconds()),
        num(sweep.saturationPercentile()), sweep.numStages(), num(sweep.stageDurationSeconds()),
        num(load.intervalSeconds()));
  }

  private static String arrivalModel(LoadConfig.LoadType type) {
    return switch (type) {
      case CONSTANT -> "constant: evenly spaced, request i due at i/rate (open loop)";
      case POISSON -> "poisson: exponential gaps with mean 1/rate, seeded (open loop)";
      case CONCURRENT -> "concurrent: a fixed number in flight; each completion starts the next (closed loop)";
      case TRACE_REPLAY -> "trace_replay: request i due at load.trace row i's time from the first row (open loop)";
      case TRACE_SESSION_REPLAY -> "trace_session_replay: whole sessions, each turn sent when the one before"
          + " finished; sessions started up to concurrent_sessions at once and session_rate per second";
    };
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(String.format(Locale.ROOT, "  %-10s %s%n", key, value));
  }

  private static String num(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
