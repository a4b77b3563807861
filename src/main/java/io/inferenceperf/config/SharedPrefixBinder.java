package io.inferenceperf.config;

/**
 * Builds {@link SharedPrefixConfig} from the validated {@code data.shared_prefix} section: inference-perf's alias
 * names, lengths given as an integer (a fixed length) or as a distribution, and the legacy
 * question_distribution/output_distribution keys.
 */
final class SharedPrefixBinder {

  private SharedPrefixBinder() {}

  /** The settings, or null when the section is absent. */
  static SharedPrefixConfig bind(TreeView section, Findings findings) {
    if (section == null) {
      return null;
    }
    int groups = aliased(section, "num_groups", "num_unique_system_prompts", findings);
    int perGroup = aliased(section, "num_prompts_per_group", "num_users_per_system_prompt", findings);
    Distribution system = length(section, "system_prompt_len", null, findings);
    Distribution question = length(section, "question_len", "question_distribution", findings);
    Distribution output = length(section, "output_len", "output_distribution", findings);
    boolean multiTurn = section.boolOrDefault("enable_multi_turn_chat");
    MultimodalConfig media = MultimodalBinder.bind(section.section("multimodal"), findings);
    if (media != null && multiTurn) {
      findings.problem(section.problem("multimodal", "cannot be combined with enable_multi_turn_chat (as in"
          + " inference-perf); remove one of the two"));
    }
    return new SharedPrefixConfig(groups, perGroup, system, question, output, section.longValue("seed"),
        multiTurn, media);
  }

  private static int aliased(TreeView section, String name, String alias, Findings findings) {
    Integer viaAlias = section.integer(alias);
    if (viaAlias != null && section.givenByUser(name)) {
      findings.problem(section.problem(alias, "is another name for " + section.pathOf(name)
          + ", which is also set; give only one of the two"));
    }
    return viaAlias != null ? viaAlias : section.integerOrDefault(name);
  }

  /** {@code key} as a distribution: a mapping, an integer (fixed length), or the legacy distribution key. */
  private static Distribution length(TreeView section, String key, String legacyKey, Findings findings) {
    if (legacyKey != null && section.section(legacyKey) != null) {
      if (section.givenByUser(key)) {
        findings.problem(section.problem(legacyKey, "give " + key + " or the older " + legacyKey
            + ", not both"));
      }
      return lengthDistribution(section, legacyKey, findings);
    }
    if (section.section(key) != null) {
      return lengthDistribution(section, key, findings);
    }
    int fixed = section.integerOrDefault(key);
    if (fixed > DataBinder.MAX_TOKENS) findings.problem(section.problem(key, DataBinder.tokensOverLimit(fixed)));
    return SharedPrefixConfig.fixed(fixed);
  }

  private static Distribution lengthDistribution(TreeView section, String key, Findings findings) {
    Distribution distribution = DataBinder.distribution(section, key, DataBinder.Use.SAMPLE, findings);
    TreeView view = section.section(key);
    if (view.valid("min") && distribution.min() < 1) {
      findings.problem(view.problem("min", "must be >= 1 for a token length, got " + distribution.min()));
    }
    return distribution;
  }
}
