package io.inferenceperf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferenceperf.config.ConfigLoader;
import io.inferenceperf.config.LoadResult;
import io.inferenceperf.data.replay.ReplayCorpus;
import io.inferenceperf.data.replay.ReplayData;
import io.inferenceperf.data.replay.ReplayEvent;
import io.inferenceperf.data.replay.ReplayMessage;
import io.inferenceperf.data.replay.ReplayOptions;
import io.inferenceperf.data.replay.ReplaySession;
import io.inferenceperf.engine.StopSignal;
import io.inferenceperf.schedule.RunPlan;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session-graph replay over real HTTP against the simulator, from a hand-built corpus through the run's own steps
 * (preparation, execution, reports): fan-out and fan-in, a recorded wait, a failure (the simulator's fault injection)
 * that cancels its dependants but not the independent branch, the live output of a predecessor in a successor's
 * request, the session lifecycle reports, and the `report` command rebuilding them byte for byte from the results.
 */
class SessionGraphEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MS = 1_000_000;
  private static final String SYSTEM = "You are a careful agent. Follow the plan step by step and report back.";

  private static ReplayMessage text(String role, String text) {
    return new ReplayMessage(role, List.of(new ReplayMessage.Text(text, false)), null);
  }

  private static ReplayMessage outputOf(int event) {
    return new ReplayMessage("assistant", List.of(new ReplayMessage.OutputOf(event)), null);
  }

  private static ReplayEvent event(String id, List<Integer> predecessors, long waitNanos, ReplayMessage... messages) {
    return new ReplayEvent(id, predecessors, waitNanos, List.of(messages), 4, -1, "recorded output of " + id, null,
        null, Map.of("x-replay-event", id), Map.of("agent", "planner"));
  }

  /** s0, the diamond: plan; two steps on the plan (the second 300 ms after it); a merge of both steps. */
  private static ReplaySession diamond() {
    ReplayMessage system = new ReplayMessage("system", List.of(new ReplayMessage.Text(SYSTEM, true)), null);
    return new ReplaySession("s0", "traces/s0.json", List.of(
        event("plan", List.of(), 0, system, text("user", "make a plan")),
        event("stepA", List.of(0), 0, system, text("user", "make a plan"), outputOf(0), text("user", "do step A")),
        event("stepB", List.of(0), 300 * MS, system, text("user", "make a plan"), outputOf(0),
            text("user", "do step B")),
        event("merge", List.of(1, 2), 0, system, outputOf(1), outputOf(2), text("user", "merge the steps"))));
  }

  /** s1: a root; a call on it that the simulator fails; a call on that one (cancelled); a late independent one. */
  private static ReplaySession failing() {
    return new ReplaySession("s1", "traces/s1.json", List.of(
        event("root", List.of(), 0, text("user", "start")),
        event("fails", List.of(0), 0, text("user", "start"), outputOf(0), text("user", "go on")),
        event("after-fail", List.of(1), 0, outputOf(1), text("user", "then this")),
        event("independent", List.of(0), 300 * MS, outputOf(0), text("user", "meanwhile this"))));
  }

  private static ReplayCorpus corpus(List<ReplaySession> sessions) {
    return new ReplayCorpus() {
      @Override
      public int size() {
        return sessions.size();
      }

      @Override
      public ReplaySession session(int index) {
        return sessions.get(index);
      }
    };
  }

  private static String yaml(String baseUrl, String stages) {
    return yaml("chat", baseUrl, stages);
  }

  private static String yaml(String apiType, String baseUrl, String stages) {
    return """
        api: {type: %s, streaming: true, session_id_header_key: x-session-id}
        server: {type: vllm, base_url: %s, model_name: simulated-model}
        data: {type: mock}
        load:
          type: trace_session_replay
          interval: 0
          stages: %s
        report:
          request_lifecycle: {per_request: true}
          session_lifecycle: {summary: true, per_stage: true, per_session: true}
        """.formatted(apiType, baseUrl, stages);
  }

  /** The run's own steps, with the hand-built corpus as its data; returns the exit code. */
  private static int run(Path dir, String yaml, ReplayData data) throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(config, yaml);
    LoadResult loaded = ConfigLoader.load(config,
        List.of("--storage.local_storage.path", dir.resolve("reports").toString()), Clock.systemDefaultZone());
    assertTrue(loaded.ok(), loaded.formatProblems());
    ResolvedRun mock = RunPreparation.prepare(loaded, null);
    RunPlan plan = RunPlans.of(mock.config(), data);
    ReplayRequests requests = new ReplayRequests(new io.inferenceperf.api.ConversationBodies(mock.config().api(),
        mock.config().server()), mock.model(), data, mock.config().api().sessionIdHeader());
    ResolvedRun run = new ResolvedRun(mock.config(), mock.configYaml(), plan, mock.baseUrl(), mock.model(),
        mock.tokenizer(), mock.countingTokenizer(), data, mock.builder(), requests, null, mock.aggregation(),
        mock.measurement(), mock.folder(), mock.files(), mock.storage());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (ServerMetricsStep serverMetrics = ServerMetricsStep.start(run.config(), run.model(), run.baseUrl())) {
      RunExecution.Executed executed = new RunExecution(run, new StopSignal(), quiet).execute(serverMetrics);
      return new ReportStep(quiet, quiet).report(run, executed).code;
    }
  }

  @Test
  void graphsRunInOrderFailuresCancelDependantsAndTheReportsRebuild(@TempDir Path dir) throws Exception {
    Map<String, Object> options = new HashMap<>(Map.of("profile", "fixed", "ttft_ms", 10, "itl_ms", 2, "seed", 1));
    // the 6th request in arrival order gets a 500: s1's "fails" (stage 0 sends s0's 4, then s1's root)
    options.putAll(Map.of("fault_500_fraction", 1.0, "fault_after_count", 5, "fault_max_count", 1));
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(options).orThrow())) {
      ReplayData data = new ReplayData(corpus(List.of(diamond(), failing())),
          new ReplayOptions(true, ReplayOptions.DEFAULT_PREDECESSOR_WAIT_TIMEOUT_NANOS, "hand-built sessions"));
      int code = run(dir, yaml(sim.baseUrl(), "[{num_sessions: 1, concurrent_sessions: 0},"
          + " {num_sessions: 1, concurrent_sessions: 1}]"),
          data);
      Path reports = dir.resolve("reports");
      assertEquals(0, code);

      Map<String, JsonNode> byEvent = new HashMap<>();
      for (JsonNode entry : JSON.readTree(reports.resolve("per_request_lifecycle_metrics.json").toFile())) {
        JsonNode body = JSON.readTree(entry.get("request").asText());
        String last = body.get("messages").get(body.get("messages").size() - 1).get("content").asText();
        byEvent.put(last, entry);
      }
      assertEquals(7, byEvent.size(), "4 calls of s0, 3 of s1 (after-fail is never sent): " + byEvent.keySet());
      double planEnd = byEvent.get("make a plan").get("end_time").asDouble();
      double stepAStart = byEvent.get("do step A").get("start_time").asDouble();
      double stepBStart = byEvent.get("do step B").get("start_time").asDouble();
      JsonNode merge = byEvent.get("merge the steps");
      assertTrue(stepAStart >= planEnd, "step A after the plan");
      assertTrue(stepBStart >= planEnd + 0.3 - 0.005, "step B 300 ms after the plan: " + (stepBStart - planEnd));
      assertTrue(stepAStart < stepBStart, "the two steps are independent: A does not wait for B's wait");
      assertTrue(merge.get("start_time").asDouble() >= byEvent.get("do step A").get("end_time").asDouble()
          && merge.get("start_time").asDouble() >= byEvent.get("do step B").get("end_time").asDouble(),
          "the merge after both steps");

      // the live output of the plan is the assistant message of step A's request
      String planOutput = generatedText(byEvent.get("make a plan"));
      assertFalse(planOutput.isEmpty());
      JsonNode stepABody = JSON.readTree(byEvent.get("do step A").get("request").asText());
      assertEquals(planOutput, stepABody.get("messages").get(2).get("content").asText());
      assertEquals(4, stepABody.get("max_tokens").asInt(), "max_tokens is the event's");
      JsonNode info = byEvent.get("do step A").get("info");
      assertEquals("stepA", info.get("graph_event_id").asText());
      assertEquals("planner", info.at("/labels/agent").asText());
      assertEquals("s0", info.at("/extra_info/session_id").asText());

      assertFalse(byEvent.get("go on").get("error").isNull(), "the injected 500");
      assertTrue(byEvent.get("meanwhile this").get("error").isNull(), "the independent branch still ran");

      JsonNode summary = JSON.readTree(reports.resolve("summary_session_lifecycle_metrics.json").toFile());
      assertEquals(2, summary.get("num_sessions").asInt());
      assertEquals(1, summary.get("num_sessions_succeeded").asInt());
      assertEquals(1, summary.get("num_sessions_failed").asInt());
      assertEquals(8, summary.get("total_events").asInt());
      assertEquals(6, summary.get("total_events_completed").asInt());
      assertEquals(1, summary.get("total_events_cancelled").asInt());
      assertTrue(summary.get("sessions_per_second").asDouble() > 0);
      // the cancelled dependant is a planned call never sent: the stage's unsent in the report and the results
      JsonNode stage1Load = JSON.readTree(reports.resolve("stage_1_lifecycle_metrics.json").toFile())
          .get("load_summary");
      assertEquals(4, stage1Load.get("planned").asInt(), stage1Load.toString());
      assertEquals(3, stage1Load.get("sent").asInt(), stage1Load.toString());
      assertEquals(1, stage1Load.get("not_sent").asInt(), stage1Load.toString());
      JsonNode stage1Health = JSON.readTree(reports.resolve("stage_1_lifecycle_metrics.json").toFile())
          .get("client_health");
      assertFalse(stage1Health.path("warning").asText("").contains("never sent"),
          "a call cancelled by a failed one is not the client falling behind: " + stage1Health);
      Map<Integer, JsonNode> stageEnds = stageEnds(reports.resolve(io.inferenceperf.results.ResultsFormat.FILE_NAME));
      assertEquals(0, stageEnds.get(0).get("unsent").asInt(), "s0 sent all its calls");
      assertEquals(3, stageEnds.get(1).get("sent").asInt());
      assertEquals(1, stageEnds.get(1).get("unsent").asInt(), "after-fail, cancelled: " + stageEnds.get(1));
      JsonNode stage1 = JSON.readTree(reports.resolve("stage_1_session_lifecycle_metrics.json").toFile());
      assertEquals(1, stage1.get("total_events_cancelled").asInt());
      assertEquals(1, stage1.get("num_sessions_failed").asInt());
      assertEquals("COMPLETED", stage1.at("/stage_metadata/status").asText());
      assertEquals(1, stage1.at("/stage_metadata/concurrent_sessions").asInt());
      JsonNode perSession = JSON.readTree(reports.resolve("per_session_lifecycle_metrics.json").toFile());
      assertEquals("s0", perSession.get(0).get("session_id").asText());
      assertEquals("traces/s0.json", perSession.get(0).get("file_path").asText());
      assertEquals("HTTP Error 500", perSession.get(1).at("/error/error_type").asText());
      assertEquals(1, perSession.get(1).get("num_events_cancelled").asInt());
      long cached = 0;
      long cacheable = 0;
      for (JsonNode session : perSession) {
        if (session.get("total_cached_tokens").isNull()) continue;
        cached += session.get("total_cached_tokens").asLong();
        cacheable += session.get("total_cacheable_input_tokens").asLong();
      }
      if (cacheable > 0) {
        assertEquals(100.0 * cached / cacheable, summary.get("kv_cache_hit_percent").asDouble(), 1e-9);
      } else {
        assertTrue(summary.get("kv_cache_hit_percent").isNull(), "no session reported cached tokens");
      }

      // `inference-perf report` rebuilds the session reports from the results file, byte for byte
      Path rebuilt = dir.resolve("rebuilt");
      int reportCode = Cli.run(new String[] {"report", reports.toString(), "--output", rebuilt.toString()},
          new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(new ByteArrayOutputStream(), true));
      assertEquals(0, reportCode);
      for (String name : List.of("summary_session_lifecycle_metrics.json", "stage_0_session_lifecycle_metrics.json",
          "stage_1_session_lifecycle_metrics.json", "per_session_lifecycle_metrics.json")) {
        assertEquals(Files.readString(reports.resolve(name)), Files.readString(rebuilt.resolve(name)), name);
      }
    }
  }

  @Test
  void stagesAskingForMoreSessionsThanRecordedAreRefusedBeforeTheLoad(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed")).orThrow())) {
      ReplayData data = new ReplayData(corpus(List.of(diamond(), failing())),
          new ReplayOptions(true, 0, "hand-built sessions"));
      UserError error = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
          () -> run(dir, yaml(sim.baseUrl(), "[{num_sessions: 2, concurrent_sessions: 0},"
          + " {num_sessions: 1, concurrent_sessions: 0}]"), data));
      assertTrue(error.getMessage().contains("duplicate_sessions_target"), error.getMessage());
      assertTrue(error.getMessage().contains("load.stages[1].num_sessions"), error.getMessage());
    }
  }

  @Test
  void anthropicMessagesReplayTheGraphToo(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 5,
        "itl_ms", 1)).orThrow())) {
      ReplayData data = new ReplayData(corpus(List.of(diamond())), new ReplayOptions(true, 0, "one diamond"));
      assertEquals(0, run(dir, yaml("anthropic_messages", sim.baseUrl(), "[{num_sessions: 1, concurrent_sessions: 0}]"), data));
      Path reports = dir.resolve("reports");
      List<JsonNode> entries = new ArrayList<>();
      JSON.readTree(reports.resolve("per_request_lifecycle_metrics.json").toFile()).forEach(entries::add);
      assertEquals(4, entries.size());
      for (JsonNode entry : entries) assertTrue(entry.get("error").isNull(), entry.toString());
      JsonNode stepA = entries.stream().filter(e -> e.at("/info/graph_event_id").asText().equals("stepA"))
          .findFirst().orElseThrow();
      JsonNode body = JSON.readTree(stepA.get("request").asText());
      assertEquals(SYSTEM, body.get("system").asText(), "the system prompt goes to system");
      String planOutput = body.at("/messages/1/content").asText();
      assertFalse(planOutput.isEmpty() || planOutput.startsWith("recorded output"), "the plan's live output");
      JsonNode summary = JSON.readTree(reports.resolve("summary_session_lifecycle_metrics.json").toFile());
      assertEquals(1, summary.get("num_sessions_succeeded").asInt());
    }
  }

  /** The stage_end lines of a results file, by stage. */
  static Map<Integer, JsonNode> stageEnds(Path results) throws Exception {
    Map<Integer, JsonNode> ends = new HashMap<>();
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(
        new java.util.zip.GZIPInputStream(Files.newInputStream(results)), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode node = JSON.readTree(line);
        if ("stage_end".equals(node.path("type").asText())) ends.put(node.get("stage").asInt(), node);
      }
    }
    return ends;
  }

  /** The text a streamed chat response generated, from the per-request entry's raw response. */
  private static String generatedText(JsonNode entry) throws Exception {
    StringBuilder text = new StringBuilder();
    List<String> lines = new ArrayList<>(List.of(entry.get("response").asText().split("\n")));
    for (String line : lines) {
      if (!line.startsWith("data: {")) continue;
      JsonNode chunk = JSON.readTree(line.substring(6));
      JsonNode choices = chunk.get("choices");
      if (choices == null || choices.isEmpty()) continue;
      JsonNode content = choices.get(0).at("/delta/content");
      if (!content.isMissingNode() && !content.isNull()) text.append(content.asText());
    }
    return text.toString();
  }
}
