package io.inferenceperf.data;

/**
 * How one user session of a multi-turn run starts and what it asks each round.
 *
 * @param id the session's name in reports, e.g. {@code user_session_3}
 * @param initialContext the text the conversation starts from (shared_prefix: its group's system prompt)
 * @param question the text appended to the context each round
 * @param maxTokens output tokens to ask for each round
 */
public record SessionSeed(String id, String initialContext, String question, int maxTokens) {}
