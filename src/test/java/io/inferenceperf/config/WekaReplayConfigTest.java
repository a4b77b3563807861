package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static io.inferenceperf.config.Loads.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data.weka_trace_replay: inference-perf's keys and defaults, its source and model rules, clear problems. */
class WekaReplayConfigTest {

  @TempDir Path dir;

  private static final String HEAD = """
      server: {base_url: "http://127.0.0.1:8000"}
      api: {type: chat, streaming: true}
      load: {stages: [{rate: 1, duration: 2}]}
      data:
        type: mock
        weka_trace_replay:
      """;

  private LoadResult weka(String yaml) {
    return Loads.yaml(dir, HEAD + yaml.indent(4));
  }

  @Test
  void defaultsAreInferencePerfs() {
    WekaReplayConfig w = ok(weka("trace_files: [a.json]")).data().wekaTraceReplay();
    assertEquals(List.of("a.json"), w.traceFiles());
    assertNull(w.traceDirectory());
    assertNull(w.hfDatasetPath());
    assertEquals(100, w.numDatasetEntries());
    assertEquals(64, w.defaultBlockSize());
    assertEquals(60.0, w.idleGapCapSeconds());
    assertFalse(w.ignoreTraceDelays());
    assertFalse(w.useThinkTimeOnly());
    assertEquals(1000, w.defaultMaxTokens());
    assertFalse(w.injectRandomSessionId());
    assertNull(w.duplicateSessionsTarget());
    assertEquals(15_000, w.maxWaitMs());
    assertEquals(3600.0, w.predecessorWaitTimeoutSeconds());
    assertFalse(w.skipInvalidFiles());
    assertFalse(w.markSessions());
  }

  @Test
  void inferencePerfsConfigWekaSectionIsAccepted() {
    LoadResult r = weka("""
        hf_dataset_path: "semianalysisai/cc-traces-weka-with-subagents-060826-256k"
        num_dataset_entries: 5
        use_static_model: true
        static_model_name: "google/gemma-3-1b-it"
        default_block_size: 64
        skip_invalid_files: true
        """);
    WekaReplayConfig w = ok(r).data().wekaTraceReplay();
    assertEquals("semianalysisai/cc-traces-weka-with-subagents-060826-256k", w.hfDatasetPath());
    assertEquals(5, w.numDatasetEntries());
    assertTrue(w.skipInvalidFiles());
    assertTrue(r.notes().stream().anyMatch(n -> n.keyPath().equals("data.weka_trace_replay.use_static_model")
        && n.message().contains("server's model")), r.notes().toString());
  }

  @Test
  void everyKeyIsBound() {
    WekaReplayConfig w = ok(weka("""
        trace_directory: traces
        trace_idle_gap_cap_seconds: 1.5
        ignore_trace_delays: true
        use_think_time_only: true
        default_max_tokens: 77
        inject_random_session_id: true
        duplicate_sessions_target: 9
        max_wait_ms: 250
        predecessor_wait_timeout_sec: 0
        model_mapping: {claude-opus: my-model}
        """)).data().wekaTraceReplay();
    assertEquals("traces", w.traceDirectory());
    assertEquals(1.5, w.idleGapCapSeconds());
    assertTrue(w.ignoreTraceDelays());
    assertTrue(w.useThinkTimeOnly());
    assertEquals(77, w.defaultMaxTokens());
    assertEquals(9, w.duplicateSessionsTarget());
    assertEquals(250, w.maxWaitMs());
    assertEquals(0.0, w.predecessorWaitTimeoutSeconds());
    assertEquals(Map.of("claude-opus", "my-model"), w.modelMapping());
    assertTrue(w.markSessions());
  }

  @Test
  void theHubPathMayBeAMappingWithItsPath() {
    LoadResult r = weka("hf_dataset_path: {path: org/traces, revision: main}");
    assertEquals("org/traces", ok(r).data().wekaTraceReplay().hfDatasetPath());
  }

  @Test
  void aSourceIsRequired() {
    onlyProblem(weka("num_dataset_entries: 3"), "data.weka_trace_replay", "one of trace_directory");
  }

  @Test
  void onlyOneSourceMayBeGiven() {
    onlyProblem(weka("trace_directory: t\ntrace_files: [a.json]"), "data.weka_trace_replay.trace_files",
        "only one trace source");
  }

  @Test
  void anEmptyFileListIsRefused() {
    onlyProblem(weka("trace_files: []"), "data.weka_trace_replay.trace_files", "at least one");
  }

  @Test
  void aStaticModelNeedsItsName() {
    onlyProblem(weka("trace_files: [a.json]\nuse_static_model: true"), "data.weka_trace_replay.static_model_name",
        "required with use_static_model");
  }

  @Test
  void aStaticModelNameNeedsUseStaticModelOrAMapping() {
    onlyProblem(weka("trace_files: [a.json]\nstatic_model_name: m"), "data.weka_trace_replay.static_model_name",
        "use_static_model: true");
  }

  @Test
  void badValuesNameTheKey() {
    onlyProblem(weka("trace_files: [a.json]\ndefault_block_size: 0"), "data.weka_trace_replay.default_block_size",
        ">= 1");
    onlyProblem(weka("trace_files: [a.json]\nduplicate_sessions_target: 0"),
        "data.weka_trace_replay.duplicate_sessions_target", ">= 1");
    onlyProblem(weka("trace_files: [a.json]\nmax_wait_ms: -1"), "data.weka_trace_replay.max_wait_ms", ">= 0");
    onlyProblem(weka("trace_files: [a.json]\ntrace_idle_gap: 3"), "data.weka_trace_replay.trace_idle_gap", "");
  }

  @Test
  void aSavedConfigsNullSectionIsAbsent() {
    assertNull(ok(Loads.yaml(dir, HEAD + "    null\n")).data().wekaTraceReplay());
  }
}
