package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.tokenizer.RealTokenizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * load.type trace_session_replay over real HTTP: whole sessions (their turns one after another) started up to
 * concurrent_sessions at once and at most session_rate per second, num_sessions per stage taken from a cursor that
 * runs across stages, and a stage timeout that cuts the stage and marks it failed.
 */
class SessionReplayEndToEndTest {

  private record Turn(int stage, String session, long round, double scheduled, double start, double end) {}

  private static RunningSimulator simulator(int ttftMs) {
    return Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", ttftMs, "itl_ms", 1))
        .orThrow());
  }

  @Test
  void multiTurnSessionsRunWholeWithinTheStageLimits(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = simulator(20)) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          tokenizer: {pretrained_model_name_or_path: "%s"}
          data:
            type: shared_prefix
            shared_prefix: {num_groups: 2, num_prompts_per_group: 3, system_prompt_len: 20, question_len: 6,
              output_len: 4, seed: 3, enable_multi_turn_chat: true}
          load:
            type: trace_session_replay
            session_turns: 3
            interval: 0
            stages: [{concurrent_sessions: 2, num_sessions: 4}, {concurrent_sessions: 0, session_rate: 10}]
          report: {request_lifecycle: {per_request: true}}
          """.formatted(sim.baseUrl(), RealTokenizers.folder("llama3"));
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());

      Map<String, List<Turn>> sessions = new TreeMap<>();
      for (JsonNode e : run.json("per_request_lifecycle_metrics.json")) {
        assertTrue(e.get("error").isNull(), e.toString());
        JsonNode extra = e.at("/info/extra_info");
        Turn turn = new Turn(e.get("stage_id").asInt(), extra.get("user_session").asText(),
            extra.get("chat_round").asLong(), e.get("scheduled_time").asDouble(), e.get("start_time").asDouble(),
            e.get("end_time").asDouble());
        sessions.computeIfAbsent(turn.session, k -> new ArrayList<>()).add(turn);
      }
      assertEquals(6, sessions.size(), "4 sessions in stage 0, the remaining 2 in stage 1: " + sessions.keySet());
      Set<Integer> stagesOfSessions = new HashSet<>();
      List<double[]> stage0Spans = new ArrayList<>();
      List<Double> stage1Starts = new ArrayList<>();
      for (List<Turn> turns : sessions.values()) {
        turns.sort(Comparator.comparingLong(Turn::round));
        assertEquals(List.of(0L, 1L, 2L), turns.stream().map(Turn::round).toList(), "session_turns: 3 each");
        assertEquals(1, turns.stream().map(Turn::stage).distinct().count(), "a session stays in its stage");
        stagesOfSessions.add(turns.get(0).stage);
        for (int k = 1; k < turns.size(); k++) {
          assertTrue(turns.get(k).start >= turns.get(k - 1).end, "a turn starts after the one before it ended");
        }
        if (turns.get(0).stage == 0) stage0Spans.add(new double[] {turns.get(0).start, turns.get(2).end});
        else stage1Starts.add(turns.get(0).scheduled);
      }
      assertEquals(Set.of(0, 1), stagesOfSessions);
      assertEquals(4, stage0Spans.size());
      assertEquals(2, maxOverlap(stage0Spans), "concurrent_sessions: 2 sessions at most at once");
      stage1Starts.sort(null);
      assertTrue(stage1Starts.get(1) - stage1Starts.get(0) >= 0.099, "session_rate 10: 100 ms apart, got "
          + (stage1Starts.get(1) - stage1Starts.get(0)));

      JsonNode stage0 = run.json("stage_0_lifecycle_metrics.json");
      assertEquals(12, stage0.at("/successes/count").asInt());
      assertEquals("completed", stage0.get("status").asText());
      assertEquals(6, run.json("stage_1_lifecycle_metrics.json").at("/successes/count").asInt());
    }
  }

  @Test
  void singleRequestSessionsKeepConcurrentSessionsInFlight(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = simulator(80)) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          data:
            type: random
            input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
            output_distribution: {min: 2, max: 2, mean: 2, std_dev: 0, type: fixed}
          load: {type: trace_session_replay, stages: [{concurrent_sessions: 3, num_sessions: 12}]}
          """.formatted(sim.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      assertEquals(12, sim.truth().recentRequests().size());
      assertEquals(3, LoadEndToEndTest.maxOverlap(sim.truth().recentRequests()), "3 sessions at once");
      assertEquals(12, run.json("stage_0_lifecycle_metrics.json").at("/successes/count").asInt());
    }
  }

  @Test
  void aStageTimeoutCutsTheStageAndMarksItFailed(@TempDir Path dir) throws Exception {
    try (RunningSimulator sim = simulator(250)) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          data:
            type: random
            input_distribution: {min: 16, max: 16, mean: 16, std_dev: 0, type: fixed}
            output_distribution: {min: 2, max: 2, mean: 2, std_dev: 0, type: fixed}
          load: {type: trace_session_replay, stages: [{concurrent_sessions: 1, num_sessions: 10, timeout: 0.6}]}
          """.formatted(sim.baseUrl());
      CliRunner.Result run = CliRunner.run(dir, yaml);
      JsonNode stage = run.json("stage_0_lifecycle_metrics.json");
      assertEquals("failed", stage.get("status").asText(), stage.toString());
      int sent = sim.truth().recentRequests().size();
      assertTrue(sent >= 2 && sent <= 4, "about 0.6 s / 0.25 s sessions started: " + sent);
      assertEquals(10, stage.at("/load_summary/planned").asInt(), stage.get("load_summary").toString());
      assertTrue(run.exitCode() != 2, run.err());
    }
  }

  @Test
  void askingForMoreSessionsThanTheDataHasIsAConfigError(@TempDir Path dir) throws Exception {
    String yaml = """
        server: {type: simulator}
        tokenizer: {pretrained_model_name_or_path: "%s"}
        data:
          type: shared_prefix
          shared_prefix: {num_groups: 2, num_prompts_per_group: 2, system_prompt_len: 20, question_len: 6,
            output_len: 4, enable_multi_turn_chat: true}
        load: {type: trace_session_replay, stages: [{concurrent_sessions: 2, num_sessions: 3},
          {concurrent_sessions: 2, num_sessions: 2}]}
        """.formatted(RealTokenizers.folder("llama3"));
    CliRunner.Result run = CliRunner.run(dir, yaml);
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("load.stages[1].num_sessions: 2 sessions asked, but only 1 of the data's 4"
        + " remain"), run.err());
  }

  /** The most [start, end] spans open at once. */
  private static int maxOverlap(List<double[]> spans) {
    int max = 0;
    for (double[] span : spans) {
      int open = 0;
      for (double[] other : spans) if (other[0] <= span[0] && span[0] < other[1]) open++;
      max = Math.max(max, open);
    }
    return max;
  }
}
