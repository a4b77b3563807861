package io.inferenceperf.schedule;

import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.config.LoadConfig;
import io.inferenceperf.config.LoadStage;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages of a run, derived from {@code load}. Pure: the same config gives the same plan.
 *
 * @param intervalNanos pause between stages
 */
public record RunPlan(List<StagePlan> stages, long intervalNanos, long baseSeed) {

  /** The plan of a load type that needs no trace (every type but trace_replay). */
  public static RunPlan of(LoadConfig load) {
    return of(load, null, -1);
  }

  /**
   * The plan, with the arrival times of a trace_replay run.
   *
   * @param trace load.trace's times; only trace_replay uses them (required there)
   * @param requestsPerStage trace_replay: requests per stage when the data decides it (data.trace's rows), or -1
   *     for floor(rate x duration); either way at most the trace's rows
   */
  public static RunPlan of(LoadConfig load, TraceTimes trace, long requestsPerStage) {
    if (load.type() == LoadType.TRACE_REPLAY && trace == null) {
      throw new IllegalArgumentException("load.type trace_replay needs the trace's times");
    }
    if (load.type() == LoadType.TRACE_SESSION_REPLAY) {
      throw new IllegalArgumentException("load.type trace_session_replay needs the data's sessions: use sessions()");
    }
    List<StagePlan> stages = new ArrayList<>();
    for (int i = 0; i < load.stages().size(); i++) {
      stages.add(stage(i, load.type(), load.stages().get(i), load.baseSeed(), trace, requestsPerStage));
    }
    return new RunPlan(List.copyOf(stages), seconds(load.intervalSeconds()), load.baseSeed());
  }

  private static StagePlan stage(int id, LoadType type, LoadStage stage, long baseSeed, TraceTimes trace,
      long requestsPerStage) {
    long seed = mix(baseSeed, id);
    if (type == LoadType.CONCURRENT) {
      return new ClosedLoopStage(id, stage.numRequests(), stage.concurrencyLevel(), seed);
    }
    long durationNanos = seconds(stage.durationSeconds());
    if (type == LoadType.TRACE_REPLAY) {
      long wanted = requestsPerStage >= 0 ? requestsPerStage
          : (long) Math.floor(stage.rate() * stage.durationSeconds() + 1e-9);
      return OpenLoopStage.replay(id, stage.rate(), durationNanos, seed, TraceArrivals.firstRows(trace, wanted));
    }
    return OpenLoopStage.of(id, type, stage.rate(), durationNanos, seed);
  }

  /**
   * The plan of a trace_session_replay run over {@code corpusSessions} sessions of {@code turns} turns each (0:
   * every session is one request and there is no end to them). A cursor runs through the sessions across stages:
   * each stage takes its num_sessions after those of the stages before, or all the remaining ones without.
   *
   * @throws IllegalArgumentException naming the stage that asks for more sessions than remain
   */
  public static RunPlan sessions(LoadConfig load, int corpusSessions, int turns) {
    List<StagePlan> stages = new ArrayList<>();
    int cursor = 0;
    for (int i = 0; i < load.stages().size(); i++) {
      LoadStage stage = load.stages().get(i);
      Integer asked = stage.numSessions();
      if (asked == null && corpusSessions == 0) {
        throw new IllegalArgumentException("load.stages[" + i + "].num_sessions: required here, as each session"
            + " of this data is one request and they never run out; set how many sessions the stage replays");
      }
      int remaining = corpusSessions == 0 ? Integer.MAX_VALUE : corpusSessions - cursor;
      int count = asked == null ? remaining : asked;
      if (count > remaining) {
        throw new IllegalArgumentException("load.stages[" + i + "].num_sessions: " + asked + " sessions asked,"
            + " but only " + remaining + " of the data's " + corpusSessions + " remain after the stages before;"
            + " lower num_sessions (or raise the data's sessions, e.g. data.shared_prefix.num_groups)");
      }
      double rate = stage.sessionRate() == null ? 0 : stage.sessionRate();
      long timeout = stage.timeoutSeconds() == null ? 0 : seconds(stage.timeoutSeconds());
      stages.add(new SessionStage(i, stage.concurrentSessions(), rate, corpusSessions == 0 ? 0 : cursor, count,
          corpusSessions == 0 ? 1 : turns, corpusSessions, timeout, mix(load.baseSeed(), i)));
      if (corpusSessions > 0) cursor += count;
    }
    return new RunPlan(List.copyOf(stages), seconds(load.intervalSeconds()), load.baseSeed());
  }

  /**
   * The plan of a trace_session_replay run over recorded session graphs, {@code eventsPerSession[s]} events in
   * session s (0 for a session that cannot be replayed). A cursor runs through the sessions across stages as in
   * {@link #sessions}; asking for more sessions than the corpus has is refused before the load.
   *
   * @throws IllegalArgumentException naming the stage that asks for more sessions than remain, and the fix
   */
  public static RunPlan sessionGraphs(LoadConfig load, int[] eventsPerSession) {
    List<StagePlan> stages = new ArrayList<>();
    int corpus = eventsPerSession.length;
    int cursor = 0;
    long asked = 0;
    for (LoadStage stage : load.stages()) asked += stage.numSessions() == null ? 0 : stage.numSessions();
    for (int i = 0; i < load.stages().size(); i++) {
      LoadStage stage = load.stages().get(i);
      int remaining = corpus - cursor;
      int count = stage.numSessions() == null ? remaining : stage.numSessions();
      if (count > remaining) {
        throw new IllegalArgumentException("load.stages[" + i + "].num_sessions: the stages ask for " + asked
            + " sessions in all, but the replay data has " + corpus + " (" + remaining + " left for stage " + i
            + "); lower num_sessions, or pad the data with duplicate_sessions_target (e.g. data.otel_trace_replay"
            + ".duplicate_sessions_target: " + asked + ")");
      }
      long events = 0;
      for (int s = cursor; s < cursor + count; s++) events += eventsPerSession[s];
      double rate = stage.sessionRate() == null ? 0 : stage.sessionRate();
      long timeout = stage.timeoutSeconds() == null ? 0 : seconds(stage.timeoutSeconds());
      stages.add(new SessionStage(i, stage.concurrentSessions(), rate, cursor, count, 1, corpus, timeout,
          mix(load.baseSeed(), i), events));
      cursor += count;
    }
    return new RunPlan(List.copyOf(stages), seconds(load.intervalSeconds()), load.baseSeed());
  }

  private static long seconds(double seconds) {
    return Math.round(seconds * 1e9);
  }

  /** Derives a well-spread per-stage seed from the base seed (SplitMix64 finaliser). */
  public static long mix(long baseSeed, int stageId) {
    long z = baseSeed + 0x9E3779B97F4A7C15L * (stageId + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The stages as one of several load generators sends them: its share of every stage's arrivals (or requests and
   * concurrency). Slicing a whole plan only; the union of all shares is this plan.
   */
  public RunPlan forReplica(ReplicaSlice share) {
    if (share.whole()) return this;
    List<StagePlan> sliced = new ArrayList<>();
    for (StagePlan stage : stages) {
      sliced.add(switch (stage) {
        case OpenLoopStage open -> open.sliced(share);
        case ClosedLoopStage closed -> closed.sliced(share);
        case SessionStage sessions -> throw new IllegalArgumentException("trace_session_replay runs on one load"
            + " generator");
      });
    }
    return new RunPlan(List.copyOf(sliced), intervalNanos, baseSeed);
  }

  /** Whose share of a distributed run this plan is; {@link ReplicaSlice#WHOLE} for a run of one. */
  public ReplicaSlice replica() {
    return stages.isEmpty() ? ReplicaSlice.WHOLE : stages.get(0).slice();
  }

  /** The same stages with another pause between them. */
  public RunPlan withIntervalNanos(long nanos) {
    return new RunPlan(stages, nanos, baseSeed);
  }

  public long totalPlannedRequests() {
    return stages.stream().mapToLong(StagePlan::plannedRequests).sum();
  }
}
