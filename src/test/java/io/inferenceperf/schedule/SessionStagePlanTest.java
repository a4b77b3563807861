package io.inferenceperf.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.config.LoadStage;
import org.junit.jupiter.api.Test;

/** trace_session_replay's plan: a session cursor across stages, and the request index of each turn. */
class SessionStagePlanTest {

  @Test
  void stagesTakeTheirSessionsInOrderAndAnOpenEndedStageTheRest() {
    RunPlan plan = RunPlan.sessions(RunPlanTest.load(LoadType.TRACE_SESSION_REPLAY, 1,
        LoadStage.sessions(2, null, 3, null), LoadStage.sessions(0, 1.5, null, 10.0)), 10, 4);
    SessionStage first = (SessionStage) plan.stages().get(0);
    SessionStage second = (SessionStage) plan.stages().get(1);
    assertEquals(0, first.firstSession());
    assertEquals(3, first.sessionCount());
    assertEquals(12, first.plannedRequests(), "3 sessions of 4 turns");
    assertEquals(3, second.firstSession());
    assertEquals(7, second.sessionCount(), "the 7 sessions left");
    assertEquals(1.5, second.sessionRate());
    assertEquals(10_000_000_000L, second.timeoutNanos());
    // turn t of session s is request t x 10 + s, as the multi-turn data numbers rounds
    assertEquals(3, second.requestIndex(0, 0));
    assertEquals(2 * 10 + 3 + 6, second.requestIndex(6, 2));
  }

  @Test
  void singleRequestSessionsAreNumberedPerStageAndNeedACount() {
    RunPlan plan = RunPlan.sessions(RunPlanTest.load(LoadType.TRACE_SESSION_REPLAY, 1,
        LoadStage.sessions(4, null, 20, null)), 0, 4);
    SessionStage stage = (SessionStage) plan.stages().get(0);
    assertEquals(1, stage.turnsPerSession(), "a session of other data is one request");
    assertEquals(20, stage.plannedRequests());
    assertEquals(7, stage.requestIndex(7, 0));
    String message = assertThrows(IllegalArgumentException.class, () -> RunPlan.sessions(RunPlanTest.load(
        LoadType.TRACE_SESSION_REPLAY, 1, LoadStage.sessions(4, null, null, null)), 0, 4)).getMessage();
    assertTrue(message.startsWith("load.stages[0].num_sessions: required here"), message);
  }

  @Test
  void askingForMoreThanRemainsNamesTheStage() {
    String message = assertThrows(IllegalArgumentException.class, () -> RunPlan.sessions(RunPlanTest.load(
        LoadType.TRACE_SESSION_REPLAY, 1, LoadStage.sessions(1, null, 8, null), LoadStage.sessions(1, null, 3,
            null)), 10, 2)).getMessage();
    assertTrue(message.startsWith("load.stages[1].num_sessions: 3 sessions asked, but only 2 of the data's 10"
        + " remain"), message);
  }
}
