package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.config.Distribution;
import io.inferenceperf.data.TargetLengths;
import io.inferenceperf.e2e.SentRequests.Sent;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.tokenizer.RealTokenizers;
import io.inferenceperf.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every data type through the whole tool, against the simulator on loopback, with the real Llama 3 tokenizer. Each
 * prompt is read back from per_request_lifecycle_metrics.json and re-counted here: generated prompts must have
 * exactly the length drawn for their index (as the server would count them: with BOS for the completion API, inside
 * the chat template for the chat API), dataset prompts must be the dataset's rows that pass the length filters, in
 * file order, with max_tokens the completion's length. With the completion API each run is repeated with the same
 * load.base_seed and must send the same bodies.
 */
class DataTypesEndToEndTest {

  private static final long SEED = 4242;
  private static final Path DATASETS = Path.of("src/test/resources/datasets").toAbsolutePath();
  private static final String INPUT = "{min: 40, max: 120, mean: 70, std_dev: 25}";
  private static final String OUTPUT = "{min: 2, max: 16, mean: 8, std_dev: 4}";
  private static final Distribution INPUT_DISTRIBUTION =
      new Distribution(40, 120, 70, 25, null, Distribution.Type.NORMAL, null, 0);
  private static final Distribution OUTPUT_DISTRIBUTION =
      new Distribution(2, 16, 8, 4, null, Distribution.Type.NORMAL, null, 0);

  enum Api { COMPLETION, CHAT }

  @TempDir Path dir;

  private static Tokenizer llama3() {
    return RealTokenizers.load("llama3");
  }

  private static String yaml(Api api, String data) {
    return """
        api: {type: %s, streaming: true}
        server: {type: simulator}
        simulator: {profile: fixed, ttft_ms: 2, itl_ms: 0.5}
        tokenizer: {pretrained_model_name_or_path: "%s"}
        data: %s
        load: {type: constant, base_seed: %d, stages: [{rate: 25, duration: 1}]}
        report: {request_lifecycle: {per_request: true}}
        """.formatted(api.name().toLowerCase(Locale.ROOT), RealTokenizers.folder("llama3"), data, SEED);
  }

  /** Runs the config; with the completion API runs it again and checks that the same seed sent the same bodies. */
  private SentRequests run(Api api, String data) throws Exception {
    SentRequests sent = SentRequests.of(CliRunner.run(dir.resolve("first"), yaml(api, data)));
    assertEquals(25, sent.requests().size());
    if (api == Api.COMPLETION) {
      SentRequests again = SentRequests.of(CliRunner.run(dir.resolve("again"), yaml(api, data)));
      assertEquals(sent.bodies(), again.bodies(), "same load.base_seed, same prompts");
    }
    for (Sent s : sent.requests()) {
      // The simulator's words are single Llama 3 tokens, so the client's count of the output matches the server's.
      JsonNode response = s.entry().at("/info/response_metrics");
      assertEquals(s.maxTokens(), response.at("/server_usage/completion_tokens").asInt(), s.entry().toString());
      assertEquals(s.maxTokens(), response.get("output_tokens").asInt(), s.entry().toString());
    }
    return sent;
  }

  /**
   * The tokens the server sees for a prompt: as a completion prompt (with the special tokens the tokenizer adds; the
   * Llama 3 files used here add no BOS), or inside the chat template.
   */
  private static int serverSideCount(Api api, String prompt) {
    return api == Api.COMPLETION ? llama3().countTokens(prompt, true)
        : llama3().countTokens(llama3().chatTemplate().orElseThrow().renderUserTurn(prompt), false);
  }

  private static void assertVaried(SentRequests sent) {
    assertTrue(new HashSet<>(sent.requests().stream().map(Sent::prompt).toList()).size() > 5,
        "prompts differ from request to request");
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void randomPromptsHaveExactlyTheDrawnLength(Api api) throws Exception {
    SentRequests sent = run(api, "{type: random, input_distribution: " + INPUT + ", output_distribution: " + OUTPUT
        + "}");
    TargetLengths targets = new TargetLengths(SEED, INPUT_DISTRIBUTION, OUTPUT_DISTRIBUTION);
    for (Sent s : sent.requests()) {
      assertEquals(targets.inputTokens(s.index()), serverSideCount(api, s.prompt()), "request " + s.index());
      assertEquals(targets.outputTokens(s.index()), s.maxTokens(), "request " + s.index());
    }
    assertVaried(sent);
  }

  @Test
  void chatTemplatedRandomPromptsAreCountedAsTemplatedAndSentWithoutSpecialTokens() throws Exception {
    SentRequests sent = run(Api.COMPLETION, "{type: random, use_chat_template: true, input_distribution: " + INPUT
        + ", output_distribution: " + OUTPUT + "}");
    TargetLengths targets = new TargetLengths(SEED, INPUT_DISTRIBUTION, OUTPUT_DISTRIBUTION);
    for (Sent s : sent.requests()) {
      assertEquals("false", String.valueOf(s.body().get("add_special_tokens")), s.body().toString());
      assertTrue(s.prompt().startsWith("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n"), s.prompt());
      assertTrue(s.prompt().endsWith("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"), s.prompt());
      // The server must not add a BOS of its own: the count is of the text as sent, without special tokens.
      assertEquals(targets.inputTokens(s.index()), llama3().countTokens(s.prompt(), false), "request " + s.index());
      assertEquals(targets.outputTokens(s.index()), s.maxTokens());
    }
    assertVaried(sent);
  }

  @Test
  void chatTemplateWithTheChatApiIsAConfigError() throws Exception {
    CliRunner.Result run = CliRunner.run(dir, yaml(Api.CHAT, "{type: random, use_chat_template: true,"
        + " input_distribution: " + INPUT + ", output_distribution: " + OUTPUT + "}"));
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("data.use_chat_template: only with api.type completion"), run.err());
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void traceGivesEachRequestTheLengthsOfItsRow(Api api) throws Exception {
    Path trace = DATASETS.resolve("azure-trace.csv");
    SentRequests sent = run(api, "{type: random, trace: {file: \"" + trace + "\", format: AzurePublicDataset}}");
    List<int[]> rows = Files.readAllLines(trace).stream().skip(1).filter(l -> !l.isBlank())
        .map(l -> l.split(",")).map(f -> new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])}).toList();
    assertEquals(5, rows.size());
    for (Sent s : sent.requests()) {
      int[] row = rows.get((int) (s.index() % rows.size()));
      assertEquals(row[0], serverSideCount(api, s.prompt()), "request " + s.index());
      assertEquals(row[1], s.maxTokens(), "request " + s.index());
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void syntheticPromptsAreCorpusSlicesOfTheDrawnLength(Api api) throws Exception {
    Path corpus = DATASETS.resolve("corpus.txt");
    SentRequests sent = run(api, "{type: synthetic, corpus_file_path: \"" + corpus + "\", input_distribution: "
        + INPUT + ", output_distribution: " + OUTPUT + "}");
    TargetLengths targets = new TargetLengths(SEED, INPUT_DISTRIBUTION, OUTPUT_DISTRIBUTION);
    // The corpus is read as a ring that starts with inference-perf's instruction line.
    String ring = "Pick as many lines as you can from these poem lines:\n" + Files.readString(corpus);
    for (Sent s : sent.requests()) {
      assertEquals(targets.inputTokens(s.index()), serverSideCount(api, s.prompt()), "request " + s.index());
      assertEquals(targets.outputTokens(s.index()), s.maxTokens());
      assertTrue((ring + ring).contains(s.prompt()), "not a slice of the corpus: " + s.prompt());
    }
    assertVaried(sent);
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void sharedPrefixPromptsShareOneSystemPromptPerGroup(Api api) throws Exception {
    int systemTokens = 40;
    int questionTokens = 12;
    SentRequests sent = run(api, "{type: shared_prefix, shared_prefix: {num_groups: 3, num_prompts_per_group: 4,"
        + " system_prompt_len: " + systemTokens + ", question_len: " + questionTokens
        + ", output_len: {min: 4, max: 9, type: uniform}}}");
    int overhead = serverSideCount(api, ""); // BOS, or the chat template around an empty message
    Map<List<Integer>, Set<String>> promptsByPrefix = new HashMap<>();
    Set<Integer> outputs = new HashSet<>();
    for (Sent s : sent.requests()) {
      assertEquals(overhead + systemTokens + questionTokens, serverSideCount(api, s.prompt()), s.prompt());
      assertTrue(s.maxTokens() >= 4 && s.maxTokens() <= 9, "output_len " + s.maxTokens());
      outputs.add(s.maxTokens());
      int[] ids = llama3().encode(s.prompt(), false);
      List<Integer> prefix = Arrays.stream(ids, 0, systemTokens).boxed().toList();
      promptsByPrefix.computeIfAbsent(prefix, p -> new HashSet<>()).add(s.prompt());
      // 12 prompts, cycled: request i and i + 12 send the same one.
      if (s.index() >= 12) {
        assertEquals(sent.requests().get((int) s.index() - 12).body(), s.body());
      }
    }
    // The system prompt re-tokenizes to the same 40 tokens in every prompt of its group: a prefix cache can hit.
    assertEquals(3, promptsByPrefix.size(), "distinct system prompts");
    promptsByPrefix.values().forEach(prompts -> assertEquals(4, prompts.size(), "questions per system prompt"));
    assertTrue(outputs.size() > 1, "output lengths are drawn per prompt: " + outputs);
  }

  @Test
  void sharedPrefixExampleHitsTheSimulatorsPrefixCache() throws Exception {
    // The shipped example, with the test's tokenizer and a short stage, against a simulator with a prefix cache.
    try (RunningSimulator sim = Simulator.start(SimulatorOptions.of("profile", "small", "prefix_caching", true))) {
      CliRunner.Result run = CliRunner.run(dir, Files.readString(Path.of("examples/shared-prefix.yml")),
          "--server.base_url", sim.baseUrl(),
          "--tokenizer.pretrained_model_name_or_path", RealTokenizers.folder("llama3").toString(),
          "--load.stages", "[{rate: 20, duration: 1}]", "--load.base_seed", "3");
      SentRequests sent = SentRequests.of(run);
      int overhead = serverSideCount(Api.COMPLETION, ""); // BOS when the tokenizer adds one (these files do not)
      for (Sent s : sent.requests()) {
        int tokens = serverSideCount(Api.COMPLETION, s.prompt()) - overhead;
        assertTrue(tokens >= 1024 + 64 && tokens <= 1024 + 256, "system + question tokens: " + tokens);
        assertEquals(128, s.maxTokens());
      }
      JsonNode promptTokens = run.json("summary_lifecycle_metrics.json").at("/successes/prompt_tokens");
      // 20 requests over 10 system prompts: a group's later requests find its system prompt in the cache.
      assertTrue(promptTokens.get("cached").asDouble() > 0, promptTokens.toString());
    }
  }

  static Stream<Arguments> datasets() {
    List<Arguments> cases = new ArrayList<>();
    for (String[] dataset : new String[][] {{"shareGPT", "sharegpt.json"}, {"cnn_dailymail", "cnn_dailymail.jsonl"},
        {"billsum_conversations", "billsum"}, {"infinity_instruct", "infinity_instruct.jsonl"}}) {
      for (Api api : Api.values()) {
        cases.add(Arguments.of(dataset[0], dataset[1], api));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("datasets")
  void datasetRowsAreSentInFileOrderWithTheirCompletionLengthAsMaxTokens(String type, String file, Api api)
      throws Exception {
    int[] inputFilter = {4, 70};
    int[] outputFilter = {2, 60};
    SentRequests sent = run(api, "{type: " + type + ", path: \"" + DATASETS.resolve(file) + "\","
        + " input_distribution: {min: 4, max: 70}, output_distribution: {min: 2, max: 60}}");
    List<DatasetFixtures.Row> rows = DatasetFixtures.read(type, DATASETS.resolve(file));
    List<DatasetFixtures.Row> accepted = rows.stream().filter(r -> {
      int in = llama3().countTokens(r.prompt(), false);
      int out = llama3().countTokens(r.completion(), false);
      return in >= inputFilter[0] && in <= inputFilter[1] && out >= Math.max(1, outputFilter[0])
          && out <= outputFilter[1];
    }).toList();
    assertTrue(accepted.size() >= 2 && accepted.size() < rows.size(),
        "the fixture has rows that pass and rows that the length filters drop: " + accepted.size() + " of "
            + rows.size());
    for (Sent s : sent.requests()) {
      DatasetFixtures.Row row = accepted.get((int) (s.index() % accepted.size()));
      assertEquals(row.prompt(), s.prompt(), "request " + s.index());
      assertEquals(llama3().countTokens(row.completion(), false), s.maxTokens(), "request " + s.index());
    }
  }
}
