package io.inferenceperf.config;

import io.inferenceperf.config.Node.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link WekaReplayConfig} from the validated {@code data.weka_trace_replay} section, with inference-perf's
 * rules: exactly one trace source, and use_static_model with a static_model_name.
 */
final class WekaReplayBinder {

  private static final List<String> SOURCES = List.of("trace_directory", "trace_files", "hf_dataset_path");

  private WekaReplayBinder() {}

  /** The settings, or null when the section is absent. */
  static WekaReplayConfig bind(TreeView section, Findings findings) {
    if (section == null) {
      return null;
    }
    checkSources(section, findings);
    checkModels(section, findings);
    return new WekaReplayConfig(
        nonBlank(section, "trace_directory", findings),
        traceFiles(section, findings),
        hubPath(section),
        section.integerOrDefault("num_dataset_entries"),
        section.integerOrDefault("default_block_size"),
        section.numberOrDefault("trace_idle_gap_cap_seconds"),
        section.boolOrDefault("ignore_trace_delays"),
        section.boolOrDefault("use_think_time_only"),
        section.integerOrDefault("default_max_tokens"),
        section.boolOrDefault("inject_random_session_id"),
        section.integer("duplicate_sessions_target"),
        section.integerOrDefault("max_wait_ms"),
        section.numberOrDefault("predecessor_wait_timeout_sec"),
        section.boolOrDefault("skip_invalid_files"),
        modelMapping(section));
  }

  private static void checkSources(TreeView section, Findings findings) {
    List<String> given = SOURCES.stream().filter(section::isSet).toList();
    if (given.isEmpty() && SOURCES.stream().allMatch(section::valid)) {
      findings.problem(ConfigProblem.at(section.path(), section.map().origin(), "give the traces to replay: one of"
          + " trace_directory (a folder of .json/.jsonl traces), trace_files (a list of them) or hf_dataset_path"
          + " (a Hugging Face dataset with traces.jsonl)"));
    } else if (given.size() > 1) {
      findings.problem(section.problem(given.get(1), "give only one trace source; " + String.join(" and ", given)
          + " are both set"));
    }
    if (section.list("trace_files") != null && section.list("trace_files").isEmpty()) {
      findings.problem(section.problem("trace_files", "must name at least one trace file"));
    }
  }

  /** inference-perf's validator for the model keys, which do not change the requests' model. */
  private static void checkModels(TreeView section, Findings findings) {
    boolean staticModel = section.boolOrDefault("use_static_model");
    String name = section.string("static_model_name");
    boolean named = name != null && !name.isBlank();
    if (staticModel && !named) {
      findings.problem(section.problem("static_model_name", "required with use_static_model: true (the model"
          + " name to use), as in inference-perf"));
    } else if (!staticModel && named && !section.isSet("model_mapping")) {
      findings.problem(section.problem("static_model_name", "set use_static_model: true to use it, or give"
          + " model_mapping, as inference-perf requires"));
    }
    for (String key : List.of("use_static_model", "model_mapping")) {
      if (section.givenByUser(key) && (!key.equals("use_static_model") || staticModel)) {
        findings.note(section.problem(key, "requests name the server's model (server.model_name or the one it"
            + " lists), as inference-perf sends them; the recorded model names are not used"));
      }
    }
  }

  private static List<String> traceFiles(TreeView section, Findings findings) {
    List<Node> items = section.list("trace_files");
    if (items == null) {
      return null;
    }
    List<String> files = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof ScalarNode s && !s.isNull() && !s.text().isBlank()) {
        files.add(s.text());
      } else {
        findings.problem(ConfigProblem.at(section.pathOf("trace_files") + "[" + i + "]", items.get(i).origin(),
            "must be a file path"));
      }
    }
    return files;
  }

  private static String hubPath(TreeView section) {
    TreeView mapping = section.section("hf_dataset_path");
    return mapping != null ? mapping.string("path") : section.string("hf_dataset_path");
  }

  private static Map<String, String> modelMapping(TreeView section) {
    TreeView mapping = section.section("model_mapping");
    Map<String, String> out = new LinkedHashMap<>();
    if (mapping != null) {
      mapping.map().entries().keySet().forEach(k -> out.put(k, mapping.string(k)));
    }
    return out;
  }

  private static String nonBlank(TreeView section, String key, Findings findings) {
    String value = section.string(key);
    if (value != null && value.isBlank()) {
      findings.problem(section.problem(key, "must not be empty"));
    }
    return value;
  }
}
