package io.inferenceperf.simulator.engine;

/**
 * One request inside an engine: its fixed inputs (prompt, output plan, faults) and the engine's mutable state.
 * Confined to the engine's event-loop thread.
 */
public final class Sequence {
  final PromptTokens prompt;
  final OutputPlan output;
  final FaultPlan faults;
  final TokenSink sink;
  /** When the request was ready for the engine: its arrival, plus any injected header delay. */
  final long readyNanos;

  /** When the engine received it. */
  long queuedNanos = -1;
  /** When it was first scheduled; -1 while still waiting. */
  long admittedNanos = -1;
  /** Prompt tokens found in the prefix cache at first admission. */
  int cachedTokens;
  /** Tokens generated so far (including the end-of-sequence token). */
  int generated;
  boolean aborted;
  int preemptions;

  // Batching state.
  int prefillTarget;
  int prefilled;
  long kvTokens;
  int scheduledTokens;
  boolean scheduledPrefill;
  boolean prefixInserted;
  long pausedUntilNanos;
  int pauseTakenForToken = -1;

  public Sequence(PromptTokens prompt, OutputPlan output, FaultPlan faults, TokenSink sink, long readyNanos) {
    this.readyNanos = readyNanos;
    this.prompt = prompt;
    this.output = output;
    this.faults = faults;
    this.sink = sink;
  }

  public PromptTokens prompt() {
    return prompt;
  }

  /** Prompt tokens found in the prefix cache at first admission. */
  public int cachedTokens() {
    return cachedTokens;
  }

  /** Tokens generated so far (including the end-of-sequence token). */
  public int generated() {
    return generated;
  }

  public boolean finished() {
    return generated >= output.targetTokens();
  }

  boolean inPrefill() {
    return prefilled < prefillTarget;
  }
}
