package io.inferenceperf.config;

/**
 * The {@code data.shared_prefix} section (inference-perf names; aliases num_unique_system_prompts and
 * num_users_per_system_prompt). An integer length in YAML is a fixed distribution.
 *
 * @param seed seed of the prompts; null = use load.base_seed (inference-perf: non-deterministic)
 * @param multimodal media of the shared prefix (data.shared_prefix.multimodal), or null
 */
public record SharedPrefixConfig(
    int numGroups,
    int numPromptsPerGroup,
    Distribution systemPromptLen,
    Distribution questionLen,
    Distribution outputLen,
    Long seed,
    boolean enableMultiTurnChat,
    MultimodalConfig multimodal) {

  /** Settings without prefix media. */
  public SharedPrefixConfig(int numGroups, int numPromptsPerGroup, Distribution systemPromptLen,
      Distribution questionLen, Distribution outputLen, Long seed, boolean enableMultiTurnChat) {
    this(numGroups, numPromptsPerGroup, systemPromptLen, questionLen, outputLen, seed, enableMultiTurnChat, null);
  }

  /** Every key at its default in {@link ConfigSchema}. */
  public static SharedPrefixConfig defaults() {
    String at = "data.shared_prefix.";
    return new SharedPrefixConfig(
        SchemaDefaults.integer(at + "num_groups"),
        SchemaDefaults.integer(at + "num_prompts_per_group"),
        fixed(SchemaDefaults.integer(at + "system_prompt_len")),
        fixed(SchemaDefaults.integer(at + "question_len")),
        fixed(SchemaDefaults.integer(at + "output_len")),
        null,
        SchemaDefaults.bool(at + "enable_multi_turn_chat"));
  }

  /** A distribution that always gives {@code length}, as an integer length in YAML means. */
  public static Distribution fixed(int length) {
    return new Distribution(length, length, length, 0, null, Distribution.Type.FIXED, null, 0);
  }
}
