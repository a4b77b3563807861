package io.inferenceperf.cli;

import io.inferenceperf.config.Config;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.data.AzureTrace;
import io.inferenceperf.data.DataGenerator;
import io.inferenceperf.data.MultiTurnData;
import io.inferenceperf.data.replay.ReplayData;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.schedule.TraceTimes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The run's plan from its config, reading what the pure {@link RunPlan} may not: load.trace's arrival times
 * (trace_replay), and how many rows data.trace has when it decides a stage's request count.
 */
final class RunPlans {

  private RunPlans() {}

  /** The plan of a run whose data is {@code data} (trace_session_replay replays its sessions). */
  static RunPlan of(Config config, DataGenerator data) throws UserError {
    LoadConfig load = config.load();
    if (data instanceof ReplayData replay) return replayPlan(config, replay);
    if (load.type() != LoadType.TRACE_SESSION_REPLAY) return of(config, load);
    int corpus = data instanceof MultiTurnData multiTurn ? multiTurn.sessions().size() : 0;
    try {
      return RunPlan.sessions(load, corpus, load.sessionTurns());
    } catch (IllegalArgumentException e) {
      throw UserError.config(e.getMessage(), 1);
    }
  }

  /**
   * Recorded session graphs run only in trace_session_replay stages; the stages may not ask for more sessions than
   * the data has (refused before the load, suggesting duplicate_sessions_target).
   */
  private static RunPlan replayPlan(Config config, ReplayData replay) throws UserError {
    LoadConfig load = config.load();
    String dataType = config.data().type().yamlName;
    if (load.type() != LoadType.TRACE_SESSION_REPLAY) {
      throw UserError.config("load.type: " + load.type().yamlName + " cannot replay the recorded sessions of"
          + " data.type " + dataType + "; set load.type: trace_session_replay (stages with num_sessions,"
          + " concurrent_sessions, session_rate)", 1);
    }
    try {
      return RunPlan.sessionGraphs(load, ReplayRequests.eventsPerSession(replay));
    } catch (IllegalArgumentException e) {
      throw UserError.config(e.getMessage().replace("data.otel_trace_replay", "data." + dataType), 1);
    }
  }

  /** The plan of {@code load} (the config's, or one with a sweep's stages). */
  static RunPlan of(Config config, LoadConfig load) throws UserError {
    if (load.type() != LoadType.TRACE_REPLAY) return RunPlan.of(load);
    TraceTimes times = times(load.traceFile());
    String dataTrace = config.data().traceFile();
    long perStage = dataTrace == null ? -1 : dataTraceRows(dataTrace);
    return RunPlan.of(load, times, perStage);
  }

  /** load.trace's rows as offsets from the first; a bad row is a config error naming its line and column. */
  static TraceTimes times(String file) throws UserError {
    if (file == null) {
      throw UserError.config("load.trace: required with load.type trace_replay", 1);
    }
    try {
      List<AzureTrace.Row> rows = AzureTrace.readStrict(Path.of(file));
      long[] offsets = new long[rows.size()];
      for (int i = 0; i < offsets.length; i++) {
        offsets[i] = Math.round(rows.get(i).offsetSeconds() * 100) * 10_000_000L; // the trace has 1/100 s steps
      }
      return new TraceTimes(offsets, file);
    } catch (AzureTrace.BadTraceException e) {
      throw UserError.config("load.trace.file: " + e.getMessage(), 1);
    } catch (IOException | RuntimeException e) {
      throw UserError.config("load.trace.file: cannot read " + file + " (" + e.getMessage() + "); give the path of"
          + " an AzurePublicDataset CSV (TIMESTAMP,ContextTokens,GeneratedTokens)", 1);
    }
  }

  /** inference-perf sends every row of data.trace per stage when the data has a trace. */
  private static long dataTraceRows(String file) throws UserError {
    try {
      return AzureTrace.read(Path.of(file), skipped -> {}).size();
    } catch (IOException e) {
      throw UserError.config("data.trace.file: cannot read " + file + " (" + e.getMessage() + ")", 1);
    }
  }
}
