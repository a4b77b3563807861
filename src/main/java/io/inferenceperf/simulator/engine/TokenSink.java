package io.inferenceperf.simulator.engine;

/** Where an engine delivers a sequence's progress. Called on the engine's event-loop thread; must be quick. */
public interface TokenSink {

  /** The sequence left the waiting queue and was scheduled for the first time. */
  void onAdmitted(Sequence sequence, long nowNanos);

  /**
   * Tokens {@code [fromIndex, fromIndex + count)} were generated at {@code nowNanos}. When they reach the
   * sequence's target, the sequence is finished and the engine forgets it after this call.
   */
  void onTokens(Sequence sequence, int fromIndex, int count, long nowNanos);
}
