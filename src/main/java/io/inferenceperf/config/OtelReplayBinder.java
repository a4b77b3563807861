package io.inferenceperf.config;

import io.inferenceperf.common.RecordFilter;
import io.inferenceperf.config.OtelTraceReplayConfig.HubDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link OtelTraceReplayConfig} from data.otel_trace_replay, with inference-perf's validators. */
final class OtelReplayBinder {
  private static final List<String> SOURCES = List.of("trace_directory", "trace_files", "hf_dataset_path");

  private OtelReplayBinder() {}

  /** The section as a record, or null when it is absent; every problem goes to {@code findings}. */
  static OtelTraceReplayConfig bind(TreeView s, Findings findings) {
    if (s == null) return null;
    sources(s, findings);
    String filter = s.string("filter");
    if (filter != null) {
      try {
        RecordFilter.parse(filter);
      } catch (RecordFilter.SyntaxException e) {
        findings.problem(s.problem("filter", e.getMessage() + ". See the filter syntax in docs/data.md"));
      }
    }
    Integer duplicates = s.integer("duplicate_sessions_target");
    boolean inject = s.boolOrDefault("inject_random_session_id");
    boolean disable = s.boolOrDefault("disable_output_substitution");
    if (disable && (inject || duplicates != null)) {
      String conflicting = inject && duplicates != null ? "inject_random_session_id and duplicate_sessions_target"
          : inject ? "inject_random_session_id" : "duplicate_sessions_target";
      findings.problem(s.problem("disable_output_substitution", "cannot be combined with " + conflicting
          + " (as in inference-perf): those make each session's prompts distinct, which rewrites the messages this"
          + " key asks to send as recorded; remove " + conflicting + " or set disable_output_substitution: false"));
    }
    Map<String, String> modelMapping = stringMap(s.section("model_mapping"));
    boolean staticModel = s.boolOrDefault("use_static_model");
    String staticName = s.stringOrDefault("static_model_name");
    if (staticModel && staticName.isEmpty()) {
      findings.problem(s.problem("static_model_name", "is required when use_static_model is true (as in"
          + " inference-perf; it is not used: the model sent is server.model_name)"));
    } else if (!staticModel && !staticName.isEmpty() && modelMapping.isEmpty()) {
      findings.problem(s.problem("static_model_name", "is set but use_static_model is false and there is no"
          + " model_mapping (inference-perf refuses this); set use_static_model: true or remove it"));
    }
    List<String> files = s.list("trace_files") == null ? null : strings(s.list("trace_files"));
    if (files != null && files.isEmpty()) {
      findings.problem(s.problem("trace_files", "is empty; list trace files or glob patterns"));
    }
    return new OtelTraceReplayConfig(s.string("trace_directory"), files, hub(s, findings), filter,
        s.boolOrDefault("include_errors"), s.boolOrDefault("skip_invalid_files"), s.integerOrDefault("max_wait_ms"),
        inject, duplicates, disable, stringMap(s.section("attribute_to_header_map")),
        stringMap(s.section("attribute_to_label_map")), staticModel, staticName, modelMapping,
        s.integerOrDefault("default_max_tokens"), s.numberOrDefault("predecessor_wait_timeout_sec"),
        s.boolOrDefault("override_tool_call_max_tokens"),
        "use_recorded".equals(s.stringOrDefault("bad_tool_call_handling")));
  }

  private static void sources(TreeView s, Findings findings) {
    List<String> given = SOURCES.stream().filter(s::isSet).toList();
    if (given.isEmpty() && SOURCES.stream().allMatch(s::valid)) {
      findings.problem(ConfigProblem.at(s.path(), s.map().origin(), "needs one trace source: trace_directory (a"
          + " folder of .json traces), trace_files (files or globs) or hf_dataset_path (a Hugging Face dataset)"));
    } else if (given.size() > 1) {
      findings.problem(s.problem(given.get(1), "give only one trace source; " + String.join(" and ", given)
          + " are set"));
    }
  }

  private static HubDataset hub(TreeView s, Findings findings) {
    String id = s.string("hf_dataset_path");
    if (id != null) {
      if (id.isBlank()) findings.problem(s.problem("hf_dataset_path", "must not be empty"));
      return new HubDataset(id, "default", "train", null);
    }
    TreeView d = s.section("hf_dataset_path");
    if (d == null) return null;
    String revision = d.string("revision");
    if (revision != null && !revision.equals("main")) {
      findings.problem(d.problem("revision", "only main can be read: the Hub's dataset viewer serves the default"
          + " branch; remove it, or copy that revision's rows to local files and use trace_files"));
    }
    return new HubDataset(d.string("path"), d.stringOrDefault("name"), d.stringOrDefault("split"), revision);
  }

  private static List<String> strings(List<Node> items) {
    List<String> out = new ArrayList<>();
    for (Node item : items) {
      if (item instanceof Node.ScalarNode scalar && scalar.value() instanceof String text) out.add(text);
    }
    return out;
  }

  private static Map<String, String> stringMap(TreeView map) {
    Map<String, String> out = new LinkedHashMap<>();
    if (map == null) return out;
    map.map().entries().forEach((key, node) -> {
      if (node instanceof Node.ScalarNode scalar && scalar.value() instanceof String text) out.put(key, text);
    });
    return out;
  }
}
