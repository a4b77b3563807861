package io.inferenceperf.engine;

import io.inferenceperf.record.RequestRecord;

/**
 * A request factory whose requests are turns of user sessions (multi-turn data). Unlike a plain
 * {@link RequestFactory}, {@link #prepare} is not a pure function: it builds a turn from its session's
 * conversation so far, so the engine calls it only once the session's previous turn has finished (see
 * {@link SessionGate}), and reports each finished turn through {@link #turnFinished}.
 */
public interface SessionRequestFactory extends RequestFactory {

  /** The session of request {@code index} of a stage. */
  int sessionOf(long index);

  /** How many sessions there are (sessions are numbered 0 to count - 1). */
  int sessionCount();

  /** A stage begins: every conversation starts over. */
  void stageStarting(int stageId);

  /**
   * Turn {@code index} ended; called before its record goes on, with the text it generated (empty when none or
   * on failure). The session's next turn is prepared only after this returns.
   */
  void turnFinished(long index, RequestRecord record, String generatedText);

  /**
   * How long the session of turn {@code index} rests after the turn finished with {@code record} before its next
   * turn may start (e.g. a tool call between turns); 0 for none. Asked after {@link #turnFinished}.
   */
  default long pauseNanosAfter(long index, RequestRecord record) {
    return 0;
  }
}
