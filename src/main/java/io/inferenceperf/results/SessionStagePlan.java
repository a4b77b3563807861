package io.inferenceperf.results;

/**
 * The settings of a session-graph replay stage that its session lifecycle report states ({@code stage_metadata}).
 *
 * @param timeoutNanos load.stages[].timeout, 0 when none
 * @param concurrentSessions load.stages[].concurrent_sessions, 0 = no limit
 * @param sessionRate load.stages[].session_rate, 0 = no limit
 */
public record SessionStagePlan(int stageId, long timeoutNanos, int concurrentSessions, double sessionRate) {}
