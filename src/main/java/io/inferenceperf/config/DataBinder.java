package io.inferenceperf.config;

import io.inferenceperf.config.DataConfig.DataType;
import java.util.Arrays;
import java.util.List;

/** Builds {@link DataConfig} from the validated {@code data} section, with the per-type and distribution rules. */
final class DataBinder {

  /** How a distribution is used, which decides what its fields must satisfy. */
  enum Use {
    /** Sampled by random and synthetic (generate_distribution): normal needs min <= mean <= max, lognormal mean > min. */
    GENERATE,
    /** Sampled by shared_prefix (sample_from_distribution): lognormal needs mean > 0; normal is only clipped. */
    SAMPLE,
    /** Only min and max matter: a dataset's length filter, or a distribution that is ignored. */
    BOUNDS
  }

  private DataBinder() {}

  static DataConfig bind(TreeView data, Findings findings) {
    DataType type = data.valid("type") ? byYamlName(data.string("type")) : null;
    TreeView trace = data.section("trace");
    Use lengthUse = (type == DataType.RANDOM && trace == null) || type == DataType.SYNTHETIC ? Use.GENERATE
        : Use.BOUNDS;
    Distribution input = distribution(data, "input_distribution", lengthUse, findings);
    Distribution output = distribution(data, "output_distribution", lengthUse, findings);
    SharedPrefixConfig sharedPrefix = SharedPrefixBinder.bind(data.section("shared_prefix"), findings);
    String traceFile = trace == null ? null : nonBlank(trace, "file", findings);
    MultimodalConfig multimodal = MultimodalBinder.bind(data.section("multimodal"), findings);
    ConversationReplayConfig conversations = ConversationReplayBinder.bind(data.section("conversation_replay"),
        findings);
    VisionArenaConfig visionArena = visionArena(data.section("visionarena"), findings);
    if (type != null) {
      typeRules(data, type, findings);
      unusedSettings(data, type, findings);
    }
    return new DataConfig(
        type != null ? type : byYamlName(data.stringOrDefault("type")),
        nonBlank(data, "path", findings),
        nonBlank(data, "corpus_file_path", findings),
        input,
        output,
        data.boolOrDefault("use_chat_template"),
        sharedPrefix,
        traceFile,
        multimodal,
        conversations,
        visionArena,
        OtelReplayBinder.bind(data.section("otel_trace_replay"), findings),
        WekaReplayBinder.bind(data.section("weka_trace_replay"), findings));
  }

  /** data.visionarena, or null when absent. */
  private static VisionArenaConfig visionArena(TreeView section, Findings findings) {
    if (section == null) {
      return null;
    }
    Distribution points = section.section("insertion_point") == null ? null
        : distribution(section, "insertion_point", Use.SAMPLE, findings);
    Double point = points != null ? null : section.numberOrDefault("insertion_point");
    String split = section.stringOrDefault("hf_split");
    return new VisionArenaConfig(section.stringOrDefault("hf_dataset_name"), split,
        section.integerOrDefault("num_rows"), section.integerOrDefault("max_images_per_request"), point, points,
        hfDataFiles(section, split, findings), null);
  }

  /**
   * data.visionarena.hf_data_files as the datasets library takes data_files: a pattern, a list of them, or a
   * mapping of split to either (hf_split's entry is used); null when absent.
   */
  private static List<String> hfDataFiles(TreeView section, String split, Findings findings) {
    Node node = section.node("hf_data_files");
    String key = "hf_data_files";
    if (node instanceof Node.MapNode map) {
      if (!map.entries().containsKey(split)) {
        findings.problem(section.problem(key, "has no entry for hf_split '" + split + "' (it has "
            + String.join(", ", map.entries().keySet()) + "); add one or set hf_split to one of them"));
        return null;
      }
      node = map.get(split);
      key = key + "." + split;
    }
    if (node == null || node instanceof Node.ScalarNode s && s.isNull()) return null;
    List<Node> items = node instanceof Node.ListNode list ? list.items() : List.of(node);
    List<String> patterns = new java.util.ArrayList<>();
    for (Node item : items) {
      if (item instanceof Node.ScalarNode s && !s.isNull() && !s.text().isBlank()) {
        patterns.add(s.text().strip());
      } else {
        findings.problem(ConfigProblem.at(section.pathOf(key), item.origin(), "must be a file name or glob pattern"
            + " of the Hub dataset (e.g. \"data/train-*.parquet\"), or a list of them"));
        return null;
      }
    }
    if (patterns.isEmpty()) {
      findings.problem(section.problem("hf_data_files", "is an empty list; name at least one file or pattern"));
      return null;
    }
    return patterns;
  }

  /** What each type needs: its lengths (distributions, trace or shared_prefix) or its dataset. */
  private static void typeRules(TreeView data, DataType type, Findings findings) {
    switch (type) {
      case MOCK -> {
        for (String key : new String[] {"input_distribution", "output_distribution"}) {
          if (data.isSet(key)) { // as in inference-perf, where the mock generator rejects distributions
            findings.problem(data.problem(key, "not supported by data.type mock, which sends a fixed short prompt;"
                + " remove it or use data.type random"));
          }
        }
      }
      case RANDOM, SYNTHETIC -> {
        // A rejected trace (say, trace: 5) was still meant to give the lengths: no second "missing" message.
        if (type == DataType.RANDOM && (data.section("trace") != null || !data.valid("trace"))) {
          for (String key : new String[] {"input_distribution", "output_distribution"}) {
            if (data.givenByUser(key)) {
              findings.note(data.problem(key, "ignored: the lengths come from data.trace.file"));
            }
          }
        } else {
          for (String key : new String[] {"input_distribution", "output_distribution"}) {
            requireKey(data, key, "for data.type " + type.yamlName + " (e.g. {min: 10, max: 1024, mean: 512,"
                + " std_dev: 200}" + (type == DataType.RANDOM ? ", or set data.trace" : "") + ")", findings);
          }
        }
      }
      case SHARED_PREFIX -> {
        requireKey(data, "shared_prefix", "for data.type shared_prefix (e.g. {num_groups: 10,"
            + " num_prompts_per_group: 10, system_prompt_len: 100, question_len: 50, output_len: 50}; {} takes these"
            + " defaults)", findings);
        for (String key : new String[] {"input_distribution", "output_distribution"}) {
          if (data.givenByUser(key)) {
            findings.note(data.problem(key, "not used by data.type shared_prefix (its lengths are"
                + " data.shared_prefix.system_prompt_len, question_len and output_len)"));
          }
        }
      }
      case CONVERSATION_REPLAY -> {
        requireKey(data, "conversation_replay", "for data.type conversation_replay (e.g. {num_conversations: 8,"
            + " shared_system_prompt_len: 1000, turns_per_conversation: {type: fixed, mean: 10, min: 1, max: 100}};"
            + " {} takes inference-perf's defaults)", findings);
        for (String key : new String[] {"input_distribution", "output_distribution"}) {
          if (data.givenByUser(key)) {
            findings.note(data.problem(key, "not used by data.type conversation_replay (its lengths are in"
                + " data.conversation_replay)"));
          }
        }
      }
      case SHAREGPT, CNN_DAILYMAIL -> { } // without data.path: inference-perf's dataset from the Hugging Face Hub
      case WEKA_TRACE_REPLAY -> {
        requireKey(data, "weka_trace_replay", "for data.type weka_trace_replay (e.g. {trace_directory: traces/} or"
            + " {hf_dataset_path: semianalysisai/cc-traces-weka-with-subagents-060826-256k})", findings);
        for (String key : new String[] {"input_distribution", "output_distribution"}) {
          if (data.givenByUser(key)) {
            findings.note(data.problem(key, "not used by data.type weka_trace_replay (the lengths are the"
                + " trace's)"));
          }
        }
      }
      case VISIONARENA -> {
        for (String key : new String[] {"input_distribution", "output_distribution"}) {
          if (data.givenByUser(key)) {
            findings.note(data.problem(key, "not used by data.type visionarena (each request is a dataset row's"
                + " prompt and images; max_tokens is the API's default)"));
          }
        }
      }
      case OTEL_TRACE_REPLAY -> requireKey(data, "otel_trace_replay", "for data.type otel_trace_replay (e.g."
          + " {trace_directory: traces/})", findings);
      case BILLSUM_CONVERSATIONS, INFINITY_INSTRUCT -> requireKey(data, "path",
          "for data.type " + type.yamlName + ": a .json or .jsonl file or a folder of them, local or s3://bucket/..."
              + " (only shareGPT and cnn_dailymail are downloaded from the Hugging Face Hub)", findings);
    }
    if (data.boolOrDefault("use_chat_template") && type != DataType.RANDOM) {
      findings.problem(data.problem("use_chat_template", "only allowed with data.type random (got data.type "
          + type.yamlName + ")"));
    }
    if (data.section("multimodal") != null && type != DataType.SYNTHETIC && type != DataType.SHARED_PREFIX) {
      findings.problem(data.problem("multimodal", "only used by data.type synthetic (text with media) and"
          + " shared_prefix (per-request media) (got data.type " + type.yamlName + "); change data.type or remove"
          + " it"));
    }
    if (data.section("trace") != null && type != DataType.RANDOM) {
      findings.problem(data.problem("trace", "only used by data.type random (got data.type " + type.yamlName
          + "); remove it"));
    }
  }

  /** Settings of other types that this type ignores: a note each, as a hint that the type may be wrong. */
  private static void unusedSettings(TreeView data, DataType type, Findings findings) {
    if (data.givenByUser("path") && !type.isDataset()) {
      findings.note(data.problem("path", "not used by data.type " + type.yamlName));
    }
    if (data.givenByUser("corpus_file_path") && type != DataType.SYNTHETIC && type != DataType.WEKA_TRACE_REPLAY) {
      findings.note(data.problem("corpus_file_path", "not used by data.type " + type.yamlName));
    }
    if (data.section("otel_trace_replay") != null && type != DataType.OTEL_TRACE_REPLAY) {
      findings.note(data.problem("otel_trace_replay", "not used by data.type " + type.yamlName));
    }
    if (data.section("shared_prefix") != null && type != DataType.SHARED_PREFIX) {
      findings.note(data.problem("shared_prefix", "not used by data.type " + type.yamlName));
    }
    if (data.section("conversation_replay") != null && type != DataType.CONVERSATION_REPLAY) {
      findings.note(data.problem("conversation_replay", "not used by data.type " + type.yamlName));
    }
    if (data.section("visionarena") != null && type != DataType.VISIONARENA) {
      findings.note(data.problem("visionarena", "not used by data.type " + type.yamlName));
    }
    if (data.section("weka_trace_replay") != null && type != DataType.WEKA_TRACE_REPLAY) {
      findings.note(data.problem("weka_trace_replay", "not used by data.type " + type.yamlName));
    }
  }

  private static void requireKey(TreeView section, String key, String what, Findings findings) {
    if (section.valid(key) && !section.isSet(key) && !findings.suggested(section.pathOf(key))) {
      findings.problem(section.problem(key, "missing required key " + what));
    }
  }

  private static String nonBlank(TreeView section, String key, Findings findings) {
    String value = section.string(key);
    if (value != null && value.isBlank()) {
      findings.problem(section.problem(key, "must not be empty"));
    }
    return value;
  }

  /**
   * The most tokens a generated prompt or output may have: the longest context window any served model has
   * (10M tokens, Llama 4 Scout's). Longer is a typo of an exponent, and preparing it would take minutes before the
   * server refused it (about 27 s per 10^7-token prompt on a 2-core machine).
   */
  static final int MAX_TOKENS = 10_000_000;

  /** The problem for a token length over {@link #MAX_TOKENS}. */
  static String tokensOverLimit(long tokens) {
    return tokens + " tokens is over the limit of " + MAX_TOKENS + " (the longest context window of any served"
        + " model); a prompt or output this long cannot be answered: lower it";
  }

  /**
   * A distribution with inference-perf's rules: min <= max; the mean rules of its {@code use}; variance, when
   * given, sets std_dev = sqrt(variance), and std_dev must then be left out (or 0, the inference-perf idiom).
   */
  static Distribution distribution(TreeView parent, String key, Use use, Findings findings) {
    TreeView d = parent.section(key);
    if (d == null) {
      return null;
    }
    int min = d.integerOrDefault("min");
    int max = d.integerOrDefault("max");
    double mean = d.numberOrDefault("mean");
    double stdDev = d.numberOrDefault("std_dev");
    Double variance = d.number("variance");
    Distribution.Type type = d.valid("type") ? typeByYamlName(d.string("type")) : null;
    boolean boundsValid = d.valid("min") && d.valid("max");
    if (boundsValid && min > max) {
      findings.problem(d.problem("min", "must be <= max (" + max + "), got " + min));
    }
    if (use != Use.BOUNDS && d.valid("max") && max > MAX_TOKENS) {
      findings.problem(d.problem("max", tokensOverLimit(max)));
    }
    if (boundsValid && d.valid("mean") && min <= max) {
      meanRules(d, use, type, min, max, mean, findings);
    }
    if (variance != null) {
      double fromVariance = Math.sqrt(variance);
      if (d.givenByUser("std_dev") && stdDev != 0 && Math.abs(stdDev - fromVariance) > 1e-9 * fromVariance) {
        findings.problem(d.problem("variance", "give std_dev or variance, not both (std_dev " + ConfigYaml.inline(
            stdDev) + " but sqrt(variance) = " + ConfigYaml.inline(fromVariance) + ")"));
      }
      stdDev = fromVariance;
    }
    return new Distribution(
        min, max, mean, stdDev, d.integer("total_count"),
        type != null ? type : typeByYamlName(d.stringOrDefault("type")), variance, d.numberOrDefault("skew"));
  }

  /** The mean constraints under which sampling works (inference-perf fails at start-up otherwise). */
  private static void meanRules(TreeView d, Use use, Distribution.Type type, int min, int max, double mean,
      Findings findings) {
    String got = ", got " + ConfigYaml.inline(mean);
    if (use == Use.GENERATE && type == Distribution.Type.NORMAL && (mean < min || mean > max)) {
      findings.problem(d.problem("mean", "must be between min (" + min + ") and max (" + max + ") for a normal"
          + " distribution" + got));
    } else if (use == Use.GENERATE && type == Distribution.Type.LOGNORMAL && mean <= min) {
      findings.problem(d.problem("mean", "must be above min (" + min + ") for a lognormal distribution" + got));
    } else if (use == Use.SAMPLE && type == Distribution.Type.LOGNORMAL && mean <= 0) {
      findings.problem(d.problem("mean", "must be > 0 for a lognormal distribution" + got));
    }
  }

  static DataType byYamlName(String name) {
    return Arrays.stream(DataType.values()).filter(t -> t.yamlName.equals(name)).findFirst().orElse(null);
  }

  private static Distribution.Type typeByYamlName(String name) {
    return Arrays.stream(Distribution.Type.values()).filter(t -> t.yamlName.equals(name)).findFirst().orElse(null);
  }
}
