package io.inferenceperf.data;

/**
 * The conversations of a multi-turn run, as the engine drives them: request i of a stage is a turn of session
 * {@link #sessionOf}(i); a turn's prompt is built when the turn starts, from what its conversation said so far, and
 * the outcome of each turn is reported back. The engine runs at most one turn per session at a time, in index order,
 * so calls for one session never overlap; calls for different sessions may come from different threads.
 */
public interface Conversations {

  /** How many sessions run side by side (numbered 0 to count - 1). */
  int count();

  /** The session of request {@code index} of a stage. */
  int sessionOf(long index);

  /** The round (0-based) of request {@code index} within its conversation, for the reports' chat_round. */
  long roundOf(long index);

  /** The name of the conversation request {@code index} belongs to, for the reports and the session headers. */
  String sessionId(long index);

  /** A stage begins: every conversation starts over. */
  void stageStarting(int stageId);

  /** Starts turn {@code index}: its prompt, remembered until {@link #turnSucceeded} or {@link #turnFailed}. */
  Prompt startTurn(int stageId, long index);

  /** The turn succeeded with {@code generatedText}: the conversation goes on with it. */
  void turnSucceeded(long index, String generatedText);

  /** The turn failed: the conversation stays as it was before the turn. */
  void turnFailed(long index);

  /** How long the session pauses after turn {@code index} succeeded, before its next turn starts (0: none). */
  default long pauseNanosAfter(long index) {
    return 0;
  }
}
