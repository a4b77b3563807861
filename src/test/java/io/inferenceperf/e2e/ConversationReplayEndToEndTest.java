package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.tokenizer.RealTokenizers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * data.type conversation_replay through the whole tool, over HTTP against the simulator, with load.type concurrent:
 * each turn carries its conversation so far, a session's turns never overlap and are separated by the tool-call
 * pause (which no request's latency includes), at most concurrency_level requests are in flight, slots refill with
 * new conversations, and each stage has its own shared system prompt.
 */
class ConversationReplayEndToEndTest {

  private static final double PAUSE_SECONDS = 0.25;

  private record Turn(int stage, String session, long round, String prompt, String generated, double start,
      double end) {}

  @Test
  void conversationsRunSideBySideWithToolCallPausesBetweenTheirTurns(@TempDir Path dir) throws Exception {
    SimulatorOptions options = SimulatorOptions.of("profile", "fixed", "ttft_ms", 10, "itl_ms", 1, "host",
        "127.0.0.1", "port", 0, "prefix_caching", true);
    try (RunningSimulator sim = Simulator.start(options)) {
      // 4 conversations of 3 turns, 2 requests in flight: 24 requests are 2 conversations per slot (a refill).
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          tokenizer: {pretrained_model_name_or_path: "%s"}
          data:
            type: conversation_replay
            conversation_replay:
              seed: 5
              num_conversations: 4
              shared_system_prompt_len: 60
              dynamic_system_prompt_len: {type: uniform, min: 5, max: 20}
              turns_per_conversation: {type: fixed, min: 1, max: 10, mean: 3}
              input_tokens_per_turn: {type: uniform, min: 5, max: 30}
              output_tokens_per_turn: {type: fixed, min: 1, max: 20, mean: 6}
              tool_call_latency_sec: {type: fixed, min: 0, max: 1, mean: %s}
          load: {type: concurrent, interval: 0, stages: [{num_requests: 24, concurrency_level: 2},
            {num_requests: 8, concurrency_level: 4}]}
          report: {request_lifecycle: {per_request: true}}
          """.formatted(sim.baseUrl(), RealTokenizers.folder("llama3"), PAUSE_SECONDS);
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());

      List<Turn> all = new ArrayList<>();
      for (JsonNode e : run.json("per_request_lifecycle_metrics.json")) all.add(turn(e));
      assertEquals(32, all.size());
      assertTrue(maxInFlight(all, 0) <= 2, "concurrency_level 2 in stage 0: " + maxInFlight(all, 0));
      assertTrue(maxInFlight(all, 0) == 2, "two conversations' turns overlap");
      assertTrue(maxInFlight(all, 1) <= 4);

      Map<String, List<Turn>> conversations = new TreeMap<>();
      for (Turn turn : all) conversations.computeIfAbsent(turn.stage + "/" + turn.session, k -> new ArrayList<>())
          .add(turn);
      assertTrue(conversations.containsKey("0/slot_0_convo_1"), "slot 0 refilled: " + conversations.keySet());
      double slowest = 0;
      for (List<Turn> turns : conversations.values()) {
        turns.sort(Comparator.comparingLong(Turn::round));
        for (int k = 1; k < turns.size(); k++) {
          Turn previous = turns.get(k - 1);
          Turn next = turns.get(k);
          assertEquals(k, next.round, "rounds are consecutive in " + next.session);
          assertTrue(next.prompt.startsWith(previous.prompt + " " + previous.generated + " "),
              "turn " + k + " of " + next.session + " carries the conversation so far");
          double gap = next.start - previous.end;
          assertTrue(gap >= PAUSE_SECONDS - 0.005, "the tool-call pause separates the turns of " + next.session
              + ": " + gap + " s");
        }
        for (Turn turn : turns) slowest = Math.max(slowest, turn.end - turn.start);
      }
      assertTrue(slowest < 5, "latencies do not include the pauses; the slowest took " + slowest + " s");

      Turn firstOfRefill = conversations.get("0/slot_0_convo_1").get(0);
      Turn firstOfSlot = conversations.get("0/conv_0").get(0);
      assertEquals(firstOfSlot.prompt, firstOfRefill.prompt, "the refill starts the conversation over");
      String stage0Shared = commonPrefix(conversations.get("0/conv_0").get(0).prompt,
          conversations.get("0/conv_1").get(0).prompt);
      String stage1Shared = commonPrefix(conversations.get("1/conv_0").get(0).prompt,
          conversations.get("1/conv_1").get(0).prompt);
      assertTrue(stage0Shared.length() > 100 && stage1Shared.length() > 100, "conversations share a system part");
      assertNotEquals(stage0Shared.substring(0, 50), stage1Shared.substring(0, 50), "each stage has its own");
      assertFalse(conversations.containsKey("1/slot_0_convo_1"), "stage 1 sends 2 turns per conversation");
    }
  }

  @Test
  void turnsAtAConstantRateWaitForTheirSessionAndItsPause(@TempDir Path dir) throws Exception {
    SimulatorOptions options = SimulatorOptions.of("profile", "fixed", "ttft_ms", 5, "itl_ms", 1, "host",
        "127.0.0.1", "port", 0);
    try (RunningSimulator sim = Simulator.start(options)) {
      String yaml = """
          api: {type: completion, streaming: true}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          tokenizer: {pretrained_model_name_or_path: "%s"}
          data:
            type: conversation_replay
            conversation_replay:
              num_conversations: 3
              shared_system_prompt_len: 30
              turns_per_conversation: {type: fixed, min: 1, max: 10, mean: 2}
              input_tokens_per_turn: {type: fixed, min: 1, max: 100, mean: 12}
              output_tokens_per_turn: {type: fixed, min: 1, max: 20, mean: 4}
              tool_call_latency_sec: {type: fixed, min: 0, max: 1, mean: 0.1}
          load: {type: constant, interval: 0, stages: [{rate: 20, duration: 1}]}
          report: {request_lifecycle: {per_request: true}}
          """.formatted(sim.baseUrl(), RealTokenizers.folder("gpt2"));
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());
      Map<String, List<Turn>> sessions = new TreeMap<>();
      int sent = 0;
      for (JsonNode e : run.json("per_request_lifecycle_metrics.json")) {
        if (!e.get("error").isNull()) continue; // turns still waiting at the stage's end are recorded unsent
        Turn turn = turn(e);
        sessions.computeIfAbsent(turn.session, k -> new ArrayList<>()).add(turn);
        sent++;
      }
      assertTrue(sent >= 12, "about 20 turns were due; sent " + sent);
      assertTrue(sessions.containsKey("slot_0_convo_1"), "slots refill at a rate too: " + sessions.keySet());
      for (List<Turn> turns : sessions.values()) {
        turns.sort(Comparator.comparingDouble(Turn::start));
        for (int k = 1; k < turns.size(); k++) {
          double gap = turns.get(k).start - turns.get(k - 1).end;
          assertTrue(gap >= 0.1 - 0.005, "pause between turns of " + turns.get(k).session + ": " + gap);
        }
      }
    }
  }

  @Test
  void badSettingsStopTheRunWithExitStatus2AndNameTheirKey(@TempDir Path dir) throws Exception {
    String base = """
        server: {type: simulator}
        tokenizer: {pretrained_model_name_or_path: "%s"}
        load: {type: concurrent, stages: [{num_requests: 4, concurrency_level: 2}]}
        """.formatted(RealTokenizers.folder("gpt2"));
    CliRunner.Result chat = CliRunner.run(dir.resolve("chat"), base + """
        api: {type: chat}
        data: {type: conversation_replay, conversation_replay: {}}
        """);
    assertEquals(2, chat.exitCode(), chat.err());
    assertTrue(chat.err().contains("api.type: data.type conversation_replay sends each turn as the conversation so"
        + " far in one prompt: api.type completion only"), chat.err());
    CliRunner.Result tight = CliRunner.run(dir.resolve("tight"), base + """
        api: {type: completion}
        data:
          type: conversation_replay
          conversation_replay: {max_model_len: 300, output_tokens_per_turn: {type: fixed, min: 1, max: 200, mean: 50}}
        """);
    assertEquals(2, tight.exitCode(), tight.err());
    assertTrue(tight.err().contains("data.conversation_replay.max_model_len (300) leaves no room for a prompt"),
        tight.err());
    assertFalse(tight.err().contains("Exception"), tight.err());
  }

  /** The most requests of {@code stage} whose [start, end] intervals overlap at one instant. */
  private static int maxInFlight(List<Turn> turns, int stage) {
    List<double[]> events = new ArrayList<>();
    for (Turn t : turns) {
      if (t.stage != stage) continue;
      events.add(new double[] {t.start, 1});
      events.add(new double[] {t.end, -1});
    }
    events.sort(Comparator.<double[]>comparingDouble(e -> e[0]).thenComparingDouble(e -> e[1]));
    int now = 0;
    int most = 0;
    for (double[] e : events) {
      now += (int) e[1];
      most = Math.max(most, now);
    }
    return most;
  }

  private static String commonPrefix(String a, String b) {
    int n = 0;
    while (n < Math.min(a.length(), b.length()) && a.charAt(n) == b.charAt(n)) n++;
    return a.substring(0, n);
  }

  private static Turn turn(JsonNode e) throws IOException {
    assertTrue(e.get("error").isNull(), e.toString());
    JsonNode extra = e.at("/info/extra_info");
    String prompt = CliRunner.JSON.readTree(e.get("request").asText()).get("prompt").asText();
    return new Turn(e.get("stage_id").asInt(), extra.get("user_session").asText(), extra.get("chat_round").asLong(),
        prompt, generated(e.get("response").asText()), e.get("start_time").asDouble(), e.get("end_time").asDouble());
  }

  /** The text of a streamed completion: every event's choices[0].text in order. */
  private static String generated(String sse) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : sse.split("\n")) {
      if (!line.startsWith("data:") || line.contains("[DONE]")) continue;
      JsonNode choice = CliRunner.JSON.readTree(line.substring(5)).at("/choices/0/text");
      if (!choice.isMissingNode()) text.append(choice.asText());
    }
    return text.toString();
  }
}
