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
 * The keys of {@code data.weka_trace_replay}, part of {@link ConfigSchema}: where the Weka KV-cache-tester traces
 * come from, how their timing is replayed, and inference-perf's session replay settings that apply to them. Bound
 * by {@link WekaReplayBinder}.
 */
final class WekaReplaySchema {

  private WekaReplaySchema() {}

  static Section section() {
    return new Section(List.of(
        key("trace_directory", string(), Default.none(),
            "Folder of trace files: every *.json (one trace each) and *.jsonl (one trace per line). Give one of"
                + " trace_directory, trace_files and hf_dataset_path."),
        key("trace_files", new ListOf(string()), Default.none(),
            "Trace files: .json (one trace) or .jsonl (one trace per line)."),
        key("hf_dataset_path", new Shape.ScalarOrSection(string(), hubSource()), Default.none(),
            "Hugging Face dataset repository whose traces.jsonl is read (e.g."
                + " semianalysisai/cc-traces-weka-with-subagents-060826-256k), or a mapping with its path; downloaded"
                + " once into the Hugging Face cache (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE apply)."),
        key("num_dataset_entries", integer(1), Default.of(100),
            "Traces read from a .jsonl file (hf_dataset_path or a local one): its first N lines."),
        key("default_block_size", integer(1), Default.of(64),
            "Tokens per hash block when a trace has no block_size."),
        key("trace_idle_gap_cap_seconds", number(Range.ANY), Default.of(60.0),
            "Longest idle time replayed between a call and the calls it waits for, in seconds; 0 or less: no cap."),
        key("ignore_trace_delays", bool(), Default.of(false),
            "Send each call as soon as the calls it waits for have finished (no recorded idle time)."),
        key("use_think_time_only", bool(), Default.of(false),
            "Idle time from each request's recorded think_time (the client's delay) instead of its timestamps."),
        key("use_static_model", bool(), Default.of(false),
            "Accepted for inference-perf configs: requests always name the server's model (server.model_name),"
                + " as inference-perf sends them; needs static_model_name."),
        key("static_model_name", string(), Default.none(), "With use_static_model (no effect on requests)."),
        key("model_mapping", new MapOf(string(), List.of()), Default.none(),
            "Recorded model names to target names (accepted; no effect on requests, as in inference-perf)."),
        key("default_max_tokens", integer(1), Default.of(1000),
            "max_tokens of a recorded request without an out count."),
        key("override_tool_call_max_tokens", bool(), Default.of(true),
            "Accepted for inference-perf configs; no effect (Weka traces record no tool calls)."),
        key("inject_random_session_id", bool(), Default.of(false),
            "Start every session's prompts with a random marker, so sessions never share a cached prefix."),
        key("duplicate_sessions_target", integer(1), Default.none(),
            "Pad the sessions to this many with copies (<id>_dupN), each with its own random marker."),
        key("max_wait_ms", integer(0), Default.of(15000),
            "Longest idle time before any call, in milliseconds (applies on top of trace_idle_gap_cap_seconds)."),
        key("predecessor_wait_timeout_sec", number(Range.atLeast(0)), Default.of(3600.0),
            "Seconds a call waits for the calls before it; then it fails. 0: no limit."),
        key("include_errors", bool(), Default.of(true),
            "Accepted for inference-perf configs; no effect (Weka traces record no failed calls)."),
        key("skip_invalid_files", bool(), Default.of(false),
            "Skip traces that cannot be read (logged) instead of stopping with the problem.")));
  }

  /** The mapping form of hf_dataset_path: inference-perf passes other keys to the datasets library. */
  private static Section hubSource() {
    return new Section(List.of(
        key("path", string(), Default.required(), "The dataset repository, e.g. org/name.")), true);
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

  private static Scalar integer(int min) {
    return new Scalar(ScalarType.INT, Range.atLeast(min), List.of(), List.of());
  }

  private static Scalar number(Range range) {
    return new Scalar(ScalarType.NUMBER, range, List.of(), List.of());
  }
}
