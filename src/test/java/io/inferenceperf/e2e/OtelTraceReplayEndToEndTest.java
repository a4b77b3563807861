package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * data.type otel_trace_replay with load.type trace_session_replay from a plain config, through the command line,
 * against the simulator over real HTTP (a recording proxy in front of it shows what the simulator received and
 * answered): the two recorded chains (inference-perf's example traces) replay in order, each later call carrying the
 * live output the simulator generated for the call before it, the attribute_to_label_map labels reach the
 * per-request file in the config's order, the session reports are written, and `report` rebuilds the per-request
 * file and the session reports byte for byte from the results file.
 */
class OtelTraceReplayEndToEndTest {

  private static final String CHAT = "/v1/chat/completions";

  @Test
  void recordedChainsReplayWithLiveOutputsLabelsAndSessionReports(@TempDir Path dir) throws Exception {
    Path traces = Path.of(OtelTraceReplayEndToEndTest.class
        .getResource("/inference-perf-examples/otel/test_traces/simple").toURI());
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(
            Map.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 1, "seed", 4)).orThrow());
        RecordingProxy proxy = new RecordingProxy(sim.baseUrl())) {
      String yaml = """
          api: {type: chat, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          data:
            type: otel_trace_replay
            otel_trace_replay:
              trace_directory: "%s"
              max_wait_ms: 50
              attribute_to_label_map:
                gen_ai.request.temperature: temperature
                gen_ai.provider.name: provider
                team.name: team
          load:
            type: trace_session_replay
            stages: [{concurrent_sessions: 2}]
          report:
            request_lifecycle: {per_request: true}
            session_lifecycle: {summary: true, per_stage: true, per_session: true}
          """.formatted(proxy.baseUrl(), traces.toString().replace("\\", "/"));
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());

      // what the simulator received: each later call carries the live output of the call before it
      List<RecordingProxy.Exchange> calls = proxy.exchanges(CHAT);
      assertEquals(6, calls.size(), "3 calls in each of the 2 chains");
      Set<String> generated = new HashSet<>();
      for (RecordingProxy.Exchange call : calls) {
        assertEquals(200, call.status(), call.responseBody());
        generated.add(streamedText(call.responseBody()));
      }
      int substituted = 0;
      for (RecordingProxy.Exchange call : calls) {
        JsonNode messages = CliRunner.JSON.readTree(call.requestBody()).get("messages");
        List<String> assistant = new ArrayList<>();
        for (JsonNode m : messages) if (m.get("role").asText().equals("assistant")) assistant.add(m.get("content").asText());
        for (String text : assistant) {
          assertFalse(text.startsWith("The capital of France is Paris"), "not the recorded output: " + text);
          assertTrue(generated.contains(text), "an output the simulator generated: " + text);
          substituted++;
        }
      }
      assertEquals(2 * (1 + 2), substituted, "per chain: the second call carries 1 output, the third 2");

      // labels from span attributes, in attribute_to_label_map's order; a missing attribute is "default"
      JsonNode perRequest = run.json("per_request_lifecycle_metrics.json");
      assertEquals(6, perRequest.size());
      for (JsonNode entry : perRequest) {
        assertTrue(entry.get("error").isNull(), entry.toString());
        JsonNode labels = entry.at("/info/labels");
        assertEquals(List.of("temperature", "provider", "team"), fieldNames(labels));
        assertEquals("0.7", labels.get("temperature").asText());
        assertEquals("openai", labels.get("provider").asText());
        assertEquals("default", labels.get("team").asText());
        assertFalse(entry.at("/info/graph_event_id").isNull());
        assertFalse(entry.at("/info/extra_info/session_id").asText().isEmpty());
      }

      JsonNode summary = run.json("summary_session_lifecycle_metrics.json");
      assertEquals(2, summary.get("num_sessions").asInt());
      assertEquals(2, summary.get("num_sessions_succeeded").asInt());
      assertEquals(6, summary.get("total_events").asInt());
      assertEquals(6, summary.get("total_events_completed").asInt());
      assertEquals(0, summary.get("total_events_cancelled").asInt());
      assertEquals("COMPLETED", run.json("stage_0_session_lifecycle_metrics.json").at("/stage_metadata/status")
          .asText());
      assertEquals(2, run.json("per_session_lifecycle_metrics.json").size());
      assertEquals(0, run.json("stage_0_lifecycle_metrics.json").at("/load_summary/not_sent").asInt());

      // `inference-perf report` rebuilds the same files from the results file
      Path rebuilt = dir.resolve("rebuilt");
      CliRunner.Output report = CliRunner.cli("report", run.reports().toString(), "--output", rebuilt.toString());
      assertEquals(0, report.code(), report.err());
      for (String name : List.of("per_request_lifecycle_metrics.json", "summary_session_lifecycle_metrics.json",
          "stage_0_session_lifecycle_metrics.json", "per_session_lifecycle_metrics.json")) {
        assertEquals(Files.readString(run.reports().resolve(name)), Files.readString(rebuilt.resolve(name)), name);
      }
    }
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The content a streamed chat response carried, from its SSE events. */
  private static String streamedText(String sse) throws Exception {
    StringBuilder text = new StringBuilder();
    for (String line : sse.split("\n")) {
      if (!line.startsWith("data: {")) continue;
      JsonNode choices = CliRunner.JSON.readTree(line.substring(6)).get("choices");
      if (choices == null || choices.isEmpty()) continue;
      JsonNode content = choices.get(0).at("/delta/content");
      if (!content.isMissingNode() && !content.isNull()) text.append(content.asText());
    }
    return text.toString();
  }
}
