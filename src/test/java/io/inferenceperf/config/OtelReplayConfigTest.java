package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static io.inferenceperf.config.Loads.onlyProblem;
import static io.inferenceperf.config.Loads.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.OtelTraceReplayConfig.HubDataset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtelReplayConfigTest {
  @TempDir Path dir;

  private static final String HEAD = """
      server: {base_url: "http://127.0.0.1:8000"}
      api: {type: chat}
      load: {type: trace_session_replay, stages: [{concurrent_sessions: 1}]}
      data:
        type: otel_trace_replay
      """;

  private LoadResult otel(String sectionYaml) {
    return Loads.yaml(dir, HEAD + "  otel_trace_replay:\n" + sectionYaml.indent(4));
  }

  @Test
  void everyKeyIsBound() {
    OtelTraceReplayConfig c = ok(otel("""
        trace_files: ["traces/*.json", "more/a.json"]
        filter: "lambda x: x.get('max_tokens', 0) < 28000"
        include_errors: false
        skip_invalid_files: true
        max_wait_ms: 2000
        predecessor_wait_timeout_sec: 0
        inject_random_session_id: true
        duplicate_sessions_target: 50
        attribute_to_header_map: {slo.ttft: x-slo-ttft-ms}
        attribute_to_label_map: {tenant: team}
        override_tool_call_max_tokens: false
        bad_tool_call_handling: use_recorded
        use_static_model: true
        static_model_name: "HuggingFaceTB/SmolLM2-135M-Instruct"
        model_mapping: {gpt-4: small}
        default_max_tokens: 100
        """)).data().otelTraceReplay();
    assertEquals(List.of("traces/*.json", "more/a.json"), c.traceFiles());
    assertNull(c.traceDirectory());
    assertEquals("lambda x: x.get('max_tokens', 0) < 28000", c.filter());
    assertEquals(false, c.includeErrors());
    assertEquals(true, c.skipInvalidFiles());
    assertEquals(2000, c.maxWaitMs());
    assertEquals(0.0, c.predecessorWaitTimeoutSec());
    assertEquals(true, c.injectRandomSessionId());
    assertEquals(50, c.duplicateSessionsTarget());
    assertEquals(Map.of("slo.ttft", "x-slo-ttft-ms"), c.attributeToHeaderMap());
    assertEquals(Map.of("tenant", "team"), c.attributeToLabelMap());
    assertEquals(false, c.overrideToolCallMaxTokens());
    assertEquals(true, c.useStaticModel());
    assertEquals(Map.of("gpt-4", "small"), c.modelMapping());
    assertEquals(100, c.defaultMaxTokens());
  }

  @Test
  void hfDatasetPathIsAnIdOrAMapping() {
    assertEquals(new HubDataset("org/traces", "default", "train", null),
        ok(otel("hf_dataset_path: org/traces")).data().otelTraceReplay().hfDataset());
    assertEquals(new HubDataset("org/traces", "v2", "test", "main"),
        ok(otel("hf_dataset_path: {path: org/traces, name: v2, split: test, revision: main}")).data()
            .otelTraceReplay().hfDataset());
    onlyProblem(otel("hf_dataset_path: {path: org/traces, revision: refs/pr/3}"),
        "data.otel_trace_replay.hf_dataset_path.revision", "only main can be read");
  }

  @Test
  void exactlyOneSource() {
    onlyProblem(otel("include_errors: true"), "data.otel_trace_replay", "needs one trace source");
    onlyProblem(otel("trace_directory: t\ntrace_files: [a.json]"), "data.otel_trace_replay.trace_files",
        "give only one trace source; trace_directory and trace_files are set");
    onlyProblem(Loads.yaml(dir, HEAD), "data.otel_trace_replay", "missing required key for data.type"
        + " otel_trace_replay");
  }

  @Test
  void aFilterThatCannotBeParsedNamesTheKeyAndThePosition() {
    ConfigProblem p = onlyProblem(otel("""
        trace_directory: t
        filter: "lambda x: x['benchmark'] = 'gsm8k'"
        """), "data.otel_trace_replay.filter", "cannot parse at character 26");
    assertTrue(p.message().contains("unexpected character '='") && p.message().contains("docs/data.md"),
        p.message());
    assertTrue(p.line() > 0, "points at the file line");
    problem(otel("trace_directory: t\nfilter: \"x['a'] > 1\""), "data.otel_trace_replay.filter",
        "a filter is a lambda of one record");
  }

  @Test
  void disabledSubstitutionConflictsWithMarkers() {
    onlyProblem(otel("trace_directory: t\ndisable_output_substitution: true\ninject_random_session_id: true"),
        "data.otel_trace_replay.disable_output_substitution", "cannot be combined with inject_random_session_id");
    onlyProblem(otel("trace_directory: t\ndisable_output_substitution: true\nduplicate_sessions_target: 9"),
        "data.otel_trace_replay.disable_output_substitution", "cannot be combined with duplicate_sessions_target");
    ok(otel("trace_directory: t\ndisable_output_substitution: true"));
  }

  @Test
  void staticModelRulesAsInferencePerf() {
    onlyProblem(otel("trace_directory: t\nuse_static_model: true"), "data.otel_trace_replay.static_model_name",
        "is required when use_static_model is true");
    onlyProblem(otel("trace_directory: t\nstatic_model_name: m"), "data.otel_trace_replay.static_model_name",
        "use_static_model is false and there is no model_mapping");
    ok(otel("trace_directory: t\nstatic_model_name: m\nmodel_mapping: {a: b}"));
  }

  @Test
  void valuesAreChecked() {
    problem(otel("trace_directory: t\nmax_wait_ms: -1"), "data.otel_trace_replay.max_wait_ms", ">= 0");
    problem(otel("trace_directory: t\nduplicate_sessions_target: 0"),
        "data.otel_trace_replay.duplicate_sessions_target", ">= 1");
    problem(otel("trace_directory: t\nbad_tool_call_handling: fix"), "data.otel_trace_replay.bad_tool_call_handling",
        "use_recorded");
    problem(otel("trace_directory: t\ntrace_dir: x"), "data.otel_trace_replay.trace_dir", "trace_directory");
  }

  @Test
  void theSectionWithAnotherTypeIsANote() {
    LoadResult r = Loads.yaml(dir, """
        server: {base_url: "http://127.0.0.1:8000"}
        load: {stages: [{rate: 1, duration: 2}]}
        data: {type: mock, otel_trace_replay: {trace_directory: t}}
        """);
    ok(r);
    assertTrue(r.notes().stream().anyMatch(n -> n.keyPath().equals("data.otel_trace_replay")
        && n.message().contains("not used by data.type mock")), r.notes().toString());
  }
}
