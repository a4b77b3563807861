package io.inferenceperf.config;

/**
 * The {@code data.conversation_replay} section: synthetic multi-turn conversations (inference-perf's
 * conversation_replay). A distribution left out takes inference-perf's fixed fallback.
 *
 * @param seed seed of the conversations (their lengths and texts)
 * @param numConversations conversations (slots) that run side by side; request i is a turn of slot i mod this
 * @param sharedSystemPromptLen tokens of the system prompt part every conversation shares (fresh each stage)
 * @param dynamicSystemPromptLen tokens of each conversation's own system prompt part
 * @param turnsPerConversation user turns of a conversation before its slot starts a new one
 * @param inputTokensPerTurn tokens of each turn's user text
 * @param outputTokensPerTurn max_tokens of each turn
 * @param toolCallLatencySec seconds a conversation pauses after a turn's response, holding its session, or null
 * @param maxModelLen the model's context length: a turn's prompt is cut to max_model_len - max_tokens - 200 tokens
 */
public record ConversationReplayConfig(
    long seed,
    int numConversations,
    int sharedSystemPromptLen,
    Distribution dynamicSystemPromptLen,
    Distribution turnsPerConversation,
    Distribution inputTokensPerTurn,
    Distribution outputTokensPerTurn,
    Distribution toolCallLatencySec,
    int maxModelLen) {

  /** The fallbacks of inference-perf for distributions that are left out. */
  public static final int DEFAULT_TURNS = 10;
  public static final int DEFAULT_INPUT_TOKENS = 512;
  public static final int DEFAULT_OUTPUT_TOKENS = 256;

  public ConversationReplayConfig {
    dynamicSystemPromptLen = dynamicSystemPromptLen != null ? dynamicSystemPromptLen : SharedPrefixConfig.fixed(0);
    turnsPerConversation = turnsPerConversation != null ? turnsPerConversation
        : SharedPrefixConfig.fixed(DEFAULT_TURNS);
    inputTokensPerTurn = inputTokensPerTurn != null ? inputTokensPerTurn
        : SharedPrefixConfig.fixed(DEFAULT_INPUT_TOKENS);
    outputTokensPerTurn = outputTokensPerTurn != null ? outputTokensPerTurn
        : SharedPrefixConfig.fixed(DEFAULT_OUTPUT_TOKENS);
  }

  /** Every key at its default in {@link ConfigSchema}. */
  public static ConversationReplayConfig defaults() {
    String at = "data.conversation_replay.";
    return new ConversationReplayConfig(SchemaDefaults.integer(at + "seed"),
        SchemaDefaults.integer(at + "num_conversations"), SchemaDefaults.integer(at + "shared_system_prompt_len"),
        null, null, null, null, null, SchemaDefaults.integer(at + "max_model_len"));
  }
}
