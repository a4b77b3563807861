package io.inferenceperf.schedule;

/**
 * A trace_session_replay stage: sessions {@code firstSession} to {@code firstSession + sessionCount - 1} of the
 * run, each a conversation of {@code turnsPerSession} turns sent one after another (a turn when the one before it
 * finished). Sessions start while fewer than {@code concurrentSessions} are active (0 = no limit) and at most
 * {@code sessionRate} per second (0 = no limit); the stage ends when every session has, or at its timeout.
 *
 * @param timeoutNanos the stage's wall-clock limit, 0 = none
 * @param corpusSessions how many sessions the data has (request indices of turns are {@code turn * corpus + s}),
 *     or 0 when each session is a single request of its own (index = the session's place in the stage)
 * @param graphEvents with recorded session graphs (otel_trace_replay, weka_trace_replay): the events of the stage's
 *     sessions, its planned requests; -1 for conversations of {@code turnsPerSession} turns
 */
public record SessionStage(int stageId, int concurrentSessions, double sessionRate, int firstSession,
    int sessionCount, int turnsPerSession, int corpusSessions, long timeoutNanos, long seed, long graphEvents)
    implements StagePlan {

  /** A stage of conversations, each of {@code turnsPerSession} turns. */
  public SessionStage(int stageId, int concurrentSessions, double sessionRate, int firstSession, int sessionCount,
      int turnsPerSession, int corpusSessions, long timeoutNanos, long seed) {
    this(stageId, concurrentSessions, sessionRate, firstSession, sessionCount, turnsPerSession, corpusSessions,
        timeoutNanos, seed, -1);
  }

  public SessionStage {
    if (concurrentSessions < 0 || sessionRate < 0 || sessionCount < 0 || turnsPerSession < 1 || timeoutNanos < 0) {
      throw new IllegalArgumentException("invalid session stage " + stageId);
    }
  }

  /** The request index of {@code turn} of the stage's {@code k}-th session, as the request factory numbers them. */
  public long requestIndex(int k, int turn) {
    return corpusSessions == 0 ? k : (long) turn * corpusSessions + firstSession + k;
  }

  @Override
  public long plannedRequests() {
    return graphEvents >= 0 ? graphEvents : (long) sessionCount * turnsPerSession;
  }

  @Override
  public String typeName() {
    return "trace_session_replay";
  }

  @Override
  public ReplicaSlice slice() {
    return ReplicaSlice.WHOLE;
  }
}
