package io.inferenceperf.cli;

import io.inferenceperf.breaker.BreakerWatch;
import io.inferenceperf.breaker.Trigger;
import io.inferenceperf.config.CircuitBreakerConfig;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.engine.EngineOptions;
import io.inferenceperf.engine.RunObserver;
import io.inferenceperf.engine.StopSignal;
import io.inferenceperf.record.BreakerTrip;
import io.inferenceperf.results.ResultsListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's circuit breakers (circuit_breakers enabled by load.circuit_breakers): watch the requests of every stage
 * and, when one opens, say so on the console and in the results, and stop its stage, and by default the run.
 */
final class BreakerStep {
  private static final Logger LOG = LoggerFactory.getLogger(BreakerStep.class);

  private BreakerStep() {}

  /** The enabled breakers, in load.circuit_breakers order. */
  static List<CircuitBreakerConfig> enabled(Config config) {
    List<String> names = config.load().circuitBreakers();
    return names.stream()
        .flatMap(name -> config.circuitBreakers().stream().filter(b -> name.equals(b.name())).limit(1))
        .toList();
  }

  /** The plan's line about the enabled breakers and their triggers, or null when none is enabled. */
  static String planLine(Config config) {
    List<CircuitBreakerConfig> enabled = enabled(config);
    if (enabled.isEmpty()) return null;
    List<String> breakers = new java.util.ArrayList<>();
    for (CircuitBreakerConfig breaker : enabled) {
      List<String> triggers = breaker.triggers().stream().map(BreakerStep::describe).toList();
      breakers.add(breaker.name() + " (" + (triggers.isEmpty() ? "no trigger" : String.join(", ", triggers)) + ")");
    }
    return String.join("; ", breakers) + "; an open one stops "
        + (config.load().circuitBreakerStopsRun() ? "the run" : "its stage");
  }

  private static String describe(CircuitBreakerConfig.Trigger trigger) {
    return switch (trigger) {
      case CircuitBreakerConfig.Consecutive c -> new Trigger.Consecutive(c.threshold()).describe();
      case CircuitBreakerConfig.RateOverWindow r ->
          new Trigger.RateOverWindow(r.windowSeconds(), r.threshold(), r.minSamples()).describe();
    };
  }

  /** With breakers, each stage's records must all be judged before the next stage may start. */
  static EngineOptions engineOptions(Config config, EngineOptions options) {
    return enabled(config).isEmpty() ? options : options.withSettledStages();
  }

  /** {@code next} watched by the enabled breakers; {@code next} itself when there are none. */
  static RunObserver watch(Config config, RunObserver next, ResultsListener results, StopSignal stop,
      Consumer<String> conclusion) {
    List<CircuitBreakerConfig> enabled = enabled(config);
    if (enabled.isEmpty()) return next;
    LoadConfig load = config.load();
    boolean stopsRun = load.circuitBreakerStopsRun();
    LOG.info("circuit breakers watching the run: {} (an open one stops {})",
        String.join(", ", enabled.stream().map(CircuitBreakerConfig::name).toList()),
        stopsRun ? "the run" : "its stage");
    return new BreakerWatch(enabled, stopsRun, config.report().requestLifecycle().useServerOutputTokens(), next,
        trip -> opened(trip, results, stop, conclusion));
  }

  /** Runs on the recorder thread, right after the record that opened the breaker was kept. */
  private static void opened(BreakerTrip trip, ResultsListener results, StopSignal stop, Consumer<String> conclusion) {
    String effect = trip.stopsRun()
        ? "stage " + trip.stageId() + " stopped, later stages not run (load.circuit_breaker_stops: run)"
        : "stage " + trip.stageId() + " stopped, the run goes on with the next stage (load.circuit_breaker_stops:"
            + " stage)";
    String line = capitalized(trip.describe()) + ": " + effect;
    LOG.error(line);
    conclusion.accept(line);
    results.breakerOpened(trip);
    String reason = "circuit breaker '" + trip.breaker() + "' opened: " + trip.trigger();
    if (trip.stopsRun()) {
      stop.fail(reason);
    } else {
      stop.failStage(trip.stageId(), reason);
    }
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
