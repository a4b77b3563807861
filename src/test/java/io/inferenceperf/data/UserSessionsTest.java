package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class UserSessionsTest {
  private static final List<SessionSeed> SEEDS = List.of(
      new SessionSeed("user_session_0", "sys A", "q0", 5),
      new SessionSeed("user_session_1", "sys A", "q1", 6),
      new SessionSeed("user_session_2", "sys B", "q2", 7));

  @Test
  void requestIndexMapsToSessionAndRoundLikeInferencePerf() {
    UserSessions sessions = new UserSessions(SEEDS);
    assertEquals(0, sessions.sessionOf(0));
    assertEquals(2, sessions.sessionOf(2));
    assertEquals(0, sessions.sessionOf(3));
    assertEquals(1, sessions.sessionOf(7));
    assertEquals(0, sessions.roundOf(2));
    assertEquals(1, sessions.roundOf(3));
    assertEquals(2, sessions.roundOf(7));
  }

  @Test
  void eachSuccessfulTurnAppendsPromptAndAnswerToTheContext() {
    UserSessions sessions = new UserSessions(SEEDS);
    Prompt first = sessions.startTurn(1);
    assertEquals("sys A q1", first.text());
    assertEquals(6, first.maxTokens());
    sessions.succeeded(1, "answer one");
    assertEquals("sys A q1 answer one", sessions.context(1));
    assertEquals("sys A q1 answer one q1", sessions.startTurn(1).text());
    sessions.succeeded(1, "two");
    assertEquals("sys A q1 answer one q1 two", sessions.context(1));
    assertEquals("sys A", sessions.context(0), "other sessions are untouched");
  }

  @Test
  void aFailedTurnKeepsTheContextAndTheNextTurnRetriesFromIt() {
    UserSessions sessions = new UserSessions(SEEDS);
    sessions.startTurn(2);
    sessions.succeeded(2, "ok");
    sessions.startTurn(2);
    sessions.failed(2);
    assertEquals("sys B q2 ok", sessions.context(2));
    assertEquals("sys B q2 ok q2", sessions.startTurn(2).text());
  }

  @Test
  void resetStartsEveryConversationOver() {
    UserSessions sessions = new UserSessions(SEEDS);
    sessions.startTurn(0);
    sessions.succeeded(0, "x");
    sessions.reset();
    assertEquals("sys A", sessions.context(0));
    assertThrows(IllegalStateException.class, () -> sessions.succeeded(0, "no turn started"));
  }
}
