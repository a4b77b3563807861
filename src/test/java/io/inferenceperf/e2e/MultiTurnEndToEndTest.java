package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * shared_prefix with enable_multi_turn_chat through the whole tool against the simulator: every turn sends the
 * conversation so far (previous prompt, the answer it got, then the question), the turns of a session never overlap,
 * conversations restart at each stage, and the server's prefix cache finds the growing conversations.
 */
class MultiTurnEndToEndTest {

  private record Turn(int stage, String session, long round, String prompt, String generated, double start,
      double end, double scheduleDelay, int cachedTokens) {}

  @ParameterizedTest(name = "streaming {0}")
  @ValueSource(booleans = {true, false})
  void eachTurnCarriesTheConversationSoFarAndTurnsOfASessionNeverOverlap(boolean streaming, @TempDir Path dir)
      throws Exception {
    SimulatorOptions options = SimulatorOptions.of("profile", "fixed", "ttft_ms", 15, "itl_ms", 1, "host",
        "127.0.0.1", "port", 0, "prefix_caching", true);
    try (RunningSimulator sim = Simulator.start(options)) {
      // 4 sessions; at 300 req/s each session's next turn is due every ~13 ms, but a turn takes at least 15 ms
      // (TTFT), so turns must wait for their session's previous one.
      String yaml = """
          api: {type: completion, streaming: %s}
          server: {type: vllm, base_url: %s, model_name: simulated-model}
          tokenizer: {pretrained_model_name_or_path: "%s"}
          data:
            type: shared_prefix
            shared_prefix: {num_groups: 2, num_prompts_per_group: 2, system_prompt_len: 40, question_len: 8,
              output_len: 10, seed: 11, enable_multi_turn_chat: true}
          load: {type: constant, interval: 0, base_seed: 5, stages: [{rate: 300, duration: 0.4}, {rate: 40, duration: 0.3}]}
          report: {request_lifecycle: {per_request: true}}
          """.formatted(streaming, sim.baseUrl(), RealTokenizers.folder("llama3"));
      CliRunner.Result run = CliRunner.run(dir, yaml);
      assertEquals(0, run.exitCode(), run.err());

      Map<String, List<Turn>> conversations = new TreeMap<>();
      for (JsonNode e : run.json("per_request_lifecycle_metrics.json")) {
        Turn turn = turn(e);
        conversations.computeIfAbsent(turn.stage + "/" + turn.session, k -> new ArrayList<>()).add(turn);
      }
      assertEquals(8, conversations.size(), "4 sessions in each of 2 stages: " + conversations.keySet());
      Map<String, String> firstPrompts = new TreeMap<>();
      boolean someTurnWaited = false;
      for (List<Turn> turns : conversations.values()) {
        turns.sort(Comparator.comparingLong(Turn::round));
        Turn first = turns.get(0);
        assertEquals(0, first.round);
        String earlier = firstPrompts.putIfAbsent(first.session, first.prompt);
        if (earlier != null) assertEquals(earlier, first.prompt, "each stage starts the conversation over");
        String question = first.prompt.substring(first.prompt.lastIndexOf(' ') + 1);
        for (int k = 1; k < turns.size(); k++) {
          Turn previous = turns.get(k - 1);
          Turn next = turns.get(k);
          assertEquals(k, next.round, "rounds are consecutive");
          assertFalse(previous.generated.isEmpty());
          assertTrue(next.prompt.startsWith(previous.prompt + " " + previous.generated + " "),
              "turn " + k + " of " + next.session + " continues turn " + (k - 1));
          assertTrue(next.prompt.endsWith(question), "and asks the session's question again");
          assertTrue(next.start >= previous.end, "turns of " + next.session + " overlap at round " + k);
          assertTrue(next.cachedTokens >= previous.cachedTokens, "the cached conversation grows");
          someTurnWaited |= next.scheduleDelay > 0.002;
        }
        if (first.stage == 0) {
          // A turn takes 15+ ms, so about 0.4 s / 25 ms rounds run before the stage ends; the rest never leave.
          assertTrue(turns.size() >= 4, "rounds of a session in stage 0: " + turns.size());
          assertTrue(turns.get(turns.size() - 1).cachedTokens > first.cachedTokens + 30,
              "later rounds find the earlier conversation in the prefix cache");
        }
      }
      assertTrue(someTurnWaited, "a turn due while its session was busy waited for it (schedule delay)");
      assertTrue(sim.truth().snapshot().cachedTokens() > 0);
    }
  }

  private static Turn turn(JsonNode e) throws IOException {
    assertTrue(e.get("error").isNull(), e.toString());
    JsonNode extra = e.at("/info/extra_info");
    String prompt = CliRunner.JSON.readTree(e.get("request").asText()).get("prompt").asText();
    return new Turn(e.get("stage_id").asInt(), extra.get("user_session").asText(), extra.get("chat_round").asLong(),
        prompt, generated(e.get("response").asText()), e.get("start_time").asDouble(), e.get("end_time").asDouble(),
        e.get("start_time").asDouble() - e.get("scheduled_time").asDouble(),
        e.at("/info/response_metrics/server_usage/prompt_tokens_details/cached_tokens").asInt(-1));
  }

  /** The text of a completion: choices[0].text of the body, or of every event of a stream in order. */
  private static String generated(String sse) throws IOException {
    if (sse.startsWith("{")) return CliRunner.JSON.readTree(sse).at("/choices/0/text").asText();
    StringBuilder text = new StringBuilder();
    for (String line : sse.split("\n")) {
      if (!line.startsWith("data:") || line.contains("[DONE]")) continue;
      JsonNode choice = CliRunner.JSON.readTree(line.substring(5)).at("/choices/0/text");
      if (!choice.isMissingNode()) text.append(choice.asText());
    }
    return text.toString();
  }
}
