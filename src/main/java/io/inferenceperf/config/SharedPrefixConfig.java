package io.inferenceperf.config;

/**
 * The {@code data.shared_prefix} section (inference-perf names; aliases num_unique_system_prompts and
 * num_users_per_system_prompt). An integer length in YAML is a fixed distribution.
 *
 * @param seed seed of the prompts; null = use load.base_seed (inference-perf: non-deterministic)
 */
public record SharedPrefixConfig(
    int numGroups,
    int numPromptsPerGroup,
    Distribution systemPromptLen,
    Distribution questionLen,
    Distribution outputLen,
    Long seed,
    boolean enableMultiTurnChat) {

  public static SharedPrefixConfig defaults() {
    return new SharedPrefixConfig(10, 10, fixed(100), fixed(50), fixed(50), null, false);
  }

  /** A distribution that always gives {@code length}, as an integer length in YAML means. */
  public static Distribution fixed(int length) {
    return new Distribution(length, length, length, 0, null, Distribution.Type.FIXED, null, 0);
  }
}
