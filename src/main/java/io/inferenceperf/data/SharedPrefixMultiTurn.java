package io.inferenceperf.data;

import java.util.List;

/**
 * shared_prefix with {@code enable_multi_turn_chat}: each of the groups x prompts prompts is a user session whose
 * conversation starts from its group's system prompt and asks the prompt's question every round. Request i is
 * round i / n of session i mod n (n sessions); the turns' prompts are built by {@link UserSessions}.
 */
final class SharedPrefixMultiTurn implements MultiTurnData {
  private final List<SessionSeed> sessions;
  private final String description;

  SharedPrefixMultiTurn(SharedPrefixDataGenerator prompts) {
    this.sessions = prompts.sessions();
    this.description = prompts.describe() + ", multi-turn: " + sessions.size() + " user sessions";
  }

  @Override
  public List<SessionSeed> sessions() {
    return sessions;
  }

  /** The prompt the request would send on fresh sessions (its first round); the run builds turns itself. */
  @Override
  public Prompt prompt(int stageId, long index) {
    SessionSeed seed = sessions.get((int) (index % sessions.size()));
    return new Prompt(UserSessions.turnText(seed.initialContext(), seed), -1, seed.maxTokens());
  }

  @Override
  public String describe() {
    return description;
  }
}
