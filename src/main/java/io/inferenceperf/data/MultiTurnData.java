package io.inferenceperf.data;

import java.util.List;

/**
 * A data generator whose requests are turns of user sessions (shared_prefix with enable_multi_turn_chat). Request
 * i of a stage is round {@code i / n} of session {@code i % n}, n = {@code sessions().size()}; the prompt of a turn
 * depends on the previous turns' responses, so it is built by {@link UserSessions} when the turn starts.
 * {@link #prompt} gives the first round's prompt (what a turn sends on a fresh session), e.g. for warm-up.
 */
public interface MultiTurnData extends DataGenerator {

  /** The sessions in id order (session k is {@code sessions().get(k)}). */
  List<SessionSeed> sessions();

  /** The run's conversations, fresh: by default inference-perf's user sessions over {@link #sessions()}. */
  default Conversations conversations() {
    return new UserSessions(sessions());
  }
}
