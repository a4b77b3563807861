package io.inferenceperf.config;

import io.inferenceperf.config.SchemaKey.Default;
import io.inferenceperf.config.SchemaKey.Status;
import io.inferenceperf.config.Shape.ListOf;
import io.inferenceperf.config.Shape.MapOf;
import io.inferenceperf.config.Shape.Range;
import io.inferenceperf.config.Shape.Scalar;
import io.inferenceperf.config.Shape.ScalarType;
import io.inferenceperf.config.Shape.Section;
import java.util.List;

/**
 * The keys of {@code data.otel_trace_replay}, part of {@link ConfigSchema}, with inference-perf's names and
 * defaults. Cross-key rules (one source, the filter's syntax, conflicts) are in {@link OtelReplayBinder}.
 */
final class OtelReplaySchema {

  private OtelReplaySchema() {}

  static Section section() {
    return new Section(List.of(
        key("trace_directory", string(), Default.none(),
            "Folder of OTel JSON trace files: every *.json in it (not in sub-folders) is one session. One of"
                + " trace_directory, trace_files and hf_dataset_path."),
        key("trace_files", new ListOf(string()), Default.none(),
            "Trace files, each a path or a glob (* ? [..], ** for any folders), e.g. [\"traces/*.json\"]."),
        key("hf_dataset_path", new Shape.ScalarOrSection(string(), hubDataset()), Default.none(),
            "A Hugging Face dataset of trace rows (a 'spans' column), e.g. Exgentic/agent-llm-traces-v2, or"
                + " {path, name, split, revision}; read through the Hub's dataset viewer (HF_DATASETS_SERVER), see"
                + " docs/data.md."),
        key("filter", string(), Default.none(),
            "Keep only the trace records this expression is true for: lambda x: <Python-style expression>, e.g."
                + " \"lambda x: x.get('max_tokens', 0) < 28000\". Interpreted safely (not eval'd); the accepted syntax"
                + " is in docs/data.md."),
        key("include_errors", bool(), Default.of(true), "Replay spans with an error status (status.code 2) too."),
        key("skip_invalid_files", bool(), Default.of(false),
            "Skip trace files (or rows) that are not valid JSON objects, with a warning, instead of failing."),
        key("max_wait_ms", integer(Range.atLeast(0)), Default.of(15000),
            "Longest pause replayed between a call's predecessors ending and the call starting, in milliseconds."),
        key("predecessor_wait_timeout_sec", number(Range.atLeast(0)), Default.of(3600.0),
            "Seconds a call may wait for its predecessors before it is cancelled; 0 waits without limit."),
        key("inject_random_session_id", bool(), Default.of(false),
            "Prefix each session's unique messages with [SESS:<16 hex digits>] so sessions share no prompt"
                + " cache (copies from duplicate_sessions_target always get it)."),
        key("duplicate_sessions_target", integer(Range.atLeast(1)), Default.none(),
            "Pad the corpus with copies (<id>_dupN, round robin) until it has this many sessions."),
        key("disable_output_substitution", bool(), Default.of(false),
            "Send the recorded assistant messages instead of the live outputs of the calls they came from (the"
                + " calls still wait for them). Not with inject_random_session_id or duplicate_sessions_target."),
        key("attribute_to_header_map", new MapOf(string(), List.of()), Default.none(),
            "Span attribute to request header, e.g. {slo.ttft: x-slo-ttft-ms}; a missing attribute sends"
                + " \"default\"."),
        key("attribute_to_label_map", new MapOf(string(), List.of()), Default.none(),
            "Span attribute to request label (per-request report); a missing attribute gives \"default\"."),
        key("override_tool_call_max_tokens", bool(), Default.of(true),
            "A call whose recorded output is a tool call (with tool definitions) asks for max(4 x its recorded"
                + " output tokens, 4096) tokens."),
        key("bad_tool_call_handling", new Scalar(ScalarType.ENUM, Range.ANY, List.of("none", "use_recorded"),
            List.of()), Default.of("none"),
            "What a live tool call whose arguments are not valid JSON does: none sends it on as it is;"
                + " use_recorded sends the recorded assistant message instead (and fails the call when the recorded"
                + " arguments are not valid JSON either)."),
        key("use_static_model", bool(), Default.of(false),
            "Validated as inference-perf does and not used: the model sent is the client's (server.model_name)."),
        key("static_model_name", string(), Default.of(""),
            "Required with use_static_model; not used (as inference-perf)."),
        key("model_mapping", new MapOf(string(), List.of()), Default.none(),
            "Recorded model to target model; validated and not used (as inference-perf)."),
        key("default_max_tokens", integer(Range.atLeast(1)), Default.of(1000),
            "Not used (as inference-perf): max_tokens is each call's recorded output length.")));
  }

  private static Section hubDataset() {
    return new Section(List.of(
        key("path", string(), Default.required(), "The dataset id, e.g. Exgentic/agent-llm-traces-v2."),
        key("name", string(), Default.of("default"), "The dataset config."),
        key("split", string(), Default.of("train"), "The split."),
        key("revision", string(), Default.none(),
            "Only main (the viewer serves the default branch); another revision is refused.")));
  }

  private static SchemaKey key(String name, Shape shape, Default dflt, String meaning) {
    return new SchemaKey(name, shape, dflt, Status.SUPPORTED, meaning);
  }

  private static Scalar string() {
    return new Scalar(ScalarType.STRING, Range.ANY, List.of(), List.of());
  }

  private static Scalar bool() {
    return new Scalar(ScalarType.BOOL, Range.ANY, List.of(), List.of());
  }

  private static Scalar integer(Range range) {
    return new Scalar(ScalarType.INT, range, List.of(), List.of());
  }

  private static Scalar number(Range range) {
    return new Scalar(ScalarType.NUMBER, range, List.of(), List.of());
  }
}
