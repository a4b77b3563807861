package io.inferenceperf.simulator.engine;

/**
 * Turns submitted sequences into timed tokens, delivered to each sequence's {@link TokenSink}. Every method runs on
 * the engine's event-loop thread; the getters may be read from any thread (they are published after each change).
 */
public interface Engine {

  void submit(Sequence sequence);

  /** Stops a sequence early (client disconnected, stream cut); idempotent. */
  void abort(Sequence sequence);

  int runningCount();

  int waitingCount();

  long kvUsedTokens();

  long kvCapacityTokens();

  long preemptions();
}
