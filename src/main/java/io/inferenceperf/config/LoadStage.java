package io.inferenceperf.config;

/**
 * One entry of {@code load.stages}. Rate stages (constant, poisson, trace_replay) set rate and duration; concurrent
 * stages set numRequests and concurrencyLevel; trace_session_replay stages set concurrentSessions and optionally
 * sessionRate, numSessions and timeoutSeconds. Unused fields are null.
 *
 * @param rate requests per second
 * @param durationSeconds stage length in seconds
 * @param concurrentSessions trace_session_replay: sessions active at once, 0 = no limit
 * @param sessionRate trace_session_replay: most sessions started per second, null = no limit
 * @param numSessions trace_session_replay: sessions of this stage, null = every session not yet replayed
 * @param timeoutSeconds trace_session_replay: the stage's wall-clock limit, null = none
 */
public record LoadStage(Double rate, Double durationSeconds, Integer numRequests, Integer concurrencyLevel,
    Integer concurrentSessions, Double sessionRate, Integer numSessions, Double timeoutSeconds) {

  /** A rate or concurrent stage. */
  public LoadStage(Double rate, Double durationSeconds, Integer numRequests, Integer concurrencyLevel) {
    this(rate, durationSeconds, numRequests, concurrencyLevel, null, null, null, null);
  }

  public static LoadStage rate(double rate, double durationSeconds) {
    return new LoadStage(rate, durationSeconds, null, null);
  }

  public static LoadStage concurrent(int numRequests, int concurrencyLevel) {
    return new LoadStage(null, null, numRequests, concurrencyLevel);
  }

  public static LoadStage sessions(int concurrentSessions, Double sessionRate, Integer numSessions,
      Double timeoutSeconds) {
    return new LoadStage(null, null, null, null, concurrentSessions, sessionRate, numSessions, timeoutSeconds);
  }
}
