package io.inferenceperf.config;

/**
 * Builds {@link ConversationReplayConfig} from the validated {@code data.conversation_replay} section. Lengths are
 * sampled as inference-perf's {@code sample_from_distribution} samples them, so their rules are those of
 * shared_prefix; a token length must be at least 1 (the dynamic system prompt: at least 0).
 */
final class ConversationReplayBinder {

  private ConversationReplayBinder() {}

  /** The settings, or null when the section is absent. */
  static ConversationReplayConfig bind(TreeView section, Findings findings) {
    if (section == null) {
      return null;
    }
    int shared = section.integerOrDefault("shared_system_prompt_len");
    if (shared > DataBinder.MAX_TOKENS) {
      findings.problem(section.problem("shared_system_prompt_len", DataBinder.tokensOverLimit(shared)));
    }
    Long seed = section.longValue("seed");
    return new ConversationReplayConfig(
        seed != null ? seed : section.integerOrDefault("seed"),
        section.integerOrDefault("num_conversations"),
        shared,
        length(section, "dynamic_system_prompt_len", 0, findings),
        length(section, "turns_per_conversation", 1, findings),
        length(section, "input_tokens_per_turn", 1, findings),
        length(section, "output_tokens_per_turn", 1, findings),
        length(section, "tool_call_latency_sec", 0, findings),
        section.integerOrDefault("max_model_len"));
  }

  private static Distribution length(TreeView section, String key, int smallest, Findings findings) {
    Distribution distribution = DataBinder.distribution(section, key, DataBinder.Use.SAMPLE, findings);
    TreeView view = section.section(key);
    if (distribution != null && view.valid("min") && distribution.min() < smallest) {
      findings.problem(view.problem("min", "must be >= " + smallest + ", got " + distribution.min()));
    }
    if (distribution != null && distribution.type() == Distribution.Type.FIXED
        && (distribution.mean() < distribution.min() || distribution.mean() > distribution.max())) {
      findings.note(view.problem("mean", "a fixed " + ConfigYaml.inline(distribution.mean()) + " is clipped to [min,"
          + " max] = [" + distribution.min() + ", " + distribution.max() + "] (min and max default to 10 and 1024);"
          + " set min and max around it"));
    }
    return distribution;
  }
}
