package io.inferenceperf.data;

import java.util.List;

/**
 * The conversation state of a multi-turn run, as inference-perf's user sessions keep it: each session has a
 * context (first its seed's initial context); a turn's prompt is the context, a space and the round's question;
 * after a successful turn the context becomes that prompt, a space and the generated text; after a failed one it
 * stays as it was. {@link #reset} starts every conversation over (done at each stage start).
 *
 * <p>Callers run at most one turn per session at a time (see the engine's session gate); with that, calls for
 * different sessions may come from different threads. Methods are synchronized only to publish the state.
 */
public final class UserSessions implements Conversations {
  private final List<SessionSeed> seeds;
  private final String[] contexts;
  private final String[] pendingPrompts;

  public UserSessions(List<SessionSeed> seeds) {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("a multi-turn run needs at least one session");
    }
    this.seeds = List.copyOf(seeds);
    this.contexts = new String[seeds.size()];
    this.pendingPrompts = new String[seeds.size()];
    reset();
  }

  @Override
  public int count() {
    return seeds.size();
  }

  /** The session of request {@code index} of a stage. */
  @Override
  public int sessionOf(long index) {
    return (int) (index % seeds.size());
  }

  /** The round (0-based) of request {@code index} within its session. */
  @Override
  public long roundOf(long index) {
    return index / seeds.size();
  }

  public SessionSeed seed(int session) {
    return seeds.get(session);
  }

  /** A turn's prompt text: the conversation so far, a space, and the round's question. */
  static String turnText(String context, SessionSeed seed) {
    return context + " " + seed.question();
  }

  /** The session's current context. */
  public synchronized String context(int session) {
    return contexts[session];
  }

  /** Starts a turn of {@code session}: its prompt, remembered until {@link #succeeded} or {@link #failed}. */
  public synchronized Prompt startTurn(int session) {
    SessionSeed seed = seeds.get(session);
    String prompt = turnText(contexts[session], seed);
    pendingPrompts[session] = prompt;
    return new Prompt(prompt, -1, seed.maxTokens());
  }

  /** The turn started last on {@code session} succeeded with {@code generatedText}: the context grows. */
  public synchronized void succeeded(int session, String generatedText) {
    String prompt = pendingPrompts[session];
    if (prompt == null) {
      throw new IllegalStateException("no turn of session " + session + " was started");
    }
    contexts[session] = prompt + " " + generatedText;
    pendingPrompts[session] = null;
  }

  /** The turn started last on {@code session} failed: the context stays as before the turn. */
  public synchronized void failed(int session) {
    pendingPrompts[session] = null;
  }

  @Override
  public String sessionId(long index) {
    return seeds.get(sessionOf(index)).id();
  }

  @Override
  public void stageStarting(int stageId) {
    reset();
  }

  @Override
  public Prompt startTurn(int stageId, long index) {
    return startTurn(sessionOf(index));
  }

  @Override
  public void turnSucceeded(long index, String generatedText) {
    succeeded(sessionOf(index), generatedText);
  }

  @Override
  public void turnFailed(long index) {
    failed(sessionOf(index));
  }

  /** Every session back to its initial context. */
  public synchronized void reset() {
    for (int i = 0; i < seeds.size(); i++) {
      contexts[i] = seeds.get(i).initialContext();
      pendingPrompts[i] = null;
    }
  }
}
