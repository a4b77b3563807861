package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.DataConfig.DataType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The data section: every data type, data.shared_prefix, data.trace and their cross-key rules. */
class DataSectionTest {

  @TempDir Path dir;

  private static final String HEAD = """
      server: {base_url: "http://127.0.0.1:8000"}
      load: {stages: [{rate: 1, duration: 2}]}
      """;

  private LoadResult yaml(String data, String... overrides) {
    return Loads.yaml(dir, HEAD + data, overrides);
  }

  private String file() {
    return dir.resolve("config.yml").toString();
  }

  private static List<String> formatted(List<ConfigProblem> problems) {
    return problems.stream().map(ConfigProblem::format).toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "mock                  | {}",
      "random                | {input_distribution: {}, output_distribution: {}}",
      "synthetic             | {input_distribution: {}, output_distribution: {}, corpus_file_path: c.txt}",
      "shared_prefix         | {shared_prefix: {}}",
      "shareGPT              | {path: sharegpt.json}",
      "cnn_dailymail         | {path: cnn.jsonl}",
      "billsum_conversations | {path: billsum/}",
      "infinity_instruct     | {path: ii.json}",
      "conversation_replay   | {conversation_replay: {}}",
  })
  void everyDataTypeIsAcceptedWithWhatItNeeds(String type, String rest) {
    String flow = rest.trim().equals("{}") ? "{type: " + type.trim() + "}"
        : "{type: " + type.trim() + ", " + rest.trim().substring(1);
    Config config = ok(yaml("data: " + flow + "\n"));
    assertEquals(type.trim(), config.data().type().yamlName);
  }

  @Test
  void everyDataTypeIsSupported() {
    assertEquals(List.of(DataType.values()), List.copyOf(ConfigSchema.SUPPORTED_DATA_TYPES));
  }

  @Test
  void sharedPrefixBindsIntegersAndDistributions() {
    Config config = ok(yaml("""
        data:
          type: shared_prefix
          shared_prefix:
            num_groups: 3
            num_prompts_per_group: 4
            system_prompt_len: 64
            question_len: {min: 5, max: 9, type: uniform}
            output_len: {min: 1, max: 40, mean: 20, std_dev: 5}
            seed: 77
            enable_multi_turn_chat: false
        """));
    SharedPrefixConfig sp = config.data().sharedPrefix();
    assertEquals(3, sp.numGroups());
    assertEquals(4, sp.numPromptsPerGroup());
    assertEquals(SharedPrefixConfig.fixed(64), sp.systemPromptLen());
    assertEquals(new Distribution(5, 9, 512, 200, null, Distribution.Type.UNIFORM, null, 0), sp.questionLen());
    assertEquals(new Distribution(1, 40, 20, 5, null, Distribution.Type.NORMAL, null, 0), sp.outputLen());
    assertEquals(77L, sp.seed());
    assertEquals(sp, config.data().extensions().sharedPrefix());
  }

  @Test
  void emptySharedPrefixTakesInferencePerfDefaultsAndTheSeedFollowsBaseSeed() {
    SharedPrefixConfig sp = ok(yaml("data: {type: shared_prefix, shared_prefix: {}}\n")).data().sharedPrefix();
    assertEquals(SharedPrefixConfig.defaults(), sp);
    assertNull(sp.seed());
  }

  @Test
  void aliasesAreAcceptedButNotTogetherWithTheirKey() {
    SharedPrefixConfig sp = ok(yaml("""
        data:
          type: shared_prefix
          shared_prefix: {num_unique_system_prompts: 2, num_users_per_system_prompt: 7}
        """)).data().sharedPrefix();
    assertEquals(2, sp.numGroups());
    assertEquals(7, sp.numPromptsPerGroup());
    LoadResult both = yaml("""
        data:
          type: shared_prefix
          shared_prefix:
            num_groups: 2
            num_unique_system_prompts: 3
        """);
    assertEquals(List.of(file() + ":7:32: data.shared_prefix.num_unique_system_prompts: is another name for"
        + " data.shared_prefix.num_groups, which is also set; give only one of the two"), formatted(both.problems()));
  }

  @Test
  void legacyDistributionsStandInForTheirLengthKeys() {
    SharedPrefixConfig sp = ok(yaml("""
        data:
          type: shared_prefix
          shared_prefix:
            question_distribution: {min: 3, max: 3, mean: 3, type: fixed}
            output_distribution: {min: 8, max: 12, type: uniform}
        """)).data().sharedPrefix();
    assertEquals(3, sp.questionLen().min());
    assertEquals(Distribution.Type.FIXED, sp.questionLen().type());
    assertEquals(12, sp.outputLen().max());
    LoadResult both = yaml("""
        data:
          type: shared_prefix
          shared_prefix:
            question_len: 10
            question_distribution: {min: 3, max: 3}
        """);
    Loads.onlyProblem(both, "data.shared_prefix.question_distribution",
        "give question_len or the older question_distribution, not both");
  }

  @Test
  void sharedPrefixMistakesPointAtTheirValues() {
    LoadResult r = yaml("""
        data:
          type: shared_prefix
          shared_prefix:
            num_groups: 0
            system_prompt_len: 0
            question_len: many
            output_len: {min: 0, max: 10, type: uniform}
            enable_multi_turn_chat: true
            multimodal: {image: {}}
        """);
    String f = file();
    assertEquals(List.of(
        f + ":6:17: data.shared_prefix.num_groups: must be >= 1 (got 0)",
        f + ":7:24: data.shared_prefix.system_prompt_len: must be >= 1 (got 0)",
        f + ":8:19: data.shared_prefix.question_len: expected an integer >= 1 or a mapping with keys min, max, mean,"
            + " std_dev, total_count, type, variance, skew, got 'many'",
        f + ":9:23: data.shared_prefix.output_len.min: must be >= 1 for a token length, got 0",
        f + ":11:17: data.shared_prefix.multimodal: cannot be combined with enable_multi_turn_chat (as in"
            + " inference-perf); remove one of the two"),
        formatted(r.problems()));
  }

  @Test
  void multiTurnChatIsAccepted() {
    Config config = ok(yaml("""
        data:
          type: shared_prefix
          shared_prefix: {enable_multi_turn_chat: true}
        """));
    assertTrue(config.data().sharedPrefix().enableMultiTurnChat());
  }

  @Test
  void sharedPrefixLengthsUseSampleSemantics() {
    // sample_from_distribution only clips a normal; a lognormal needs a positive mean.
    ok(yaml("data: {type: shared_prefix, shared_prefix: {question_len: {min: 5, max: 9, mean: 50}}}\n"));
    Loads.onlyProblem(yaml("data: {type: shared_prefix, shared_prefix: {question_len: {min: 5, max: 9, mean: 0,"
        + " type: lognormal}}}\n"), "data.shared_prefix.question_len.mean",
        "must be > 0 for a lognormal distribution, got 0");
  }

  @Test
  void sharedPrefixTypeNeedsItsSection() {
    LoadResult r = yaml("data:\n  type: shared_prefix\n");
    assertEquals(List.of(file() + ":4:3: data.shared_prefix: missing required key for data.type shared_prefix (e.g."
        + " {num_groups: 10, num_prompts_per_group: 10, system_prompt_len: 100, question_len: 50, output_len: 50};"
        + " {} takes these defaults)"), formatted(r.problems()));
  }

  @Test
  void sharedPrefixLengthsCanBeOverriddenOnTheCommandLine() {
    SharedPrefixConfig sp = ok(Loads.minimalPlus("--data.type", "shared_prefix",
        "--data.shared_prefix.system_prompt_len", "64",
        "--data.shared_prefix.question_len", "{\"min\": 5, \"max\": 9, \"type\": \"uniform\"}",
        "--data.shared_prefix.output_len.mean", "20")).data().sharedPrefix();
    assertEquals(SharedPrefixConfig.fixed(64), sp.systemPromptLen());
    assertEquals(Distribution.Type.UNIFORM, sp.questionLen().type());
    assertEquals(20.0, sp.outputLen().mean());
    // The CLI replaces a file's integer with a mapping, and the mapping's keys are checked.
    LoadResult bad = Loads.minimalPlus("--data.type", "shared_prefix", "--data.shared_prefix.output_len.mena", "20");
    Loads.onlyProblem(bad, "data.shared_prefix.output_len.mena", "did you mean data.shared_prefix.output_len.mean?");
  }

  @Test
  void traceGivesRandomItsLengths() {
    Config config = ok(yaml("data: {type: random, trace: {file: azure.csv}}\n"));
    assertEquals("azure.csv", config.data().traceFile());
    assertEquals("azure.csv", config.data().extensions().traceFile());
    assertNull(config.data().inputDistribution());
    LoadResult withDistributions = yaml("""
        data:
          type: random
          trace: {file: azure.csv, format: AzurePublicDataset}
          input_distribution: {min: 5, max: 10, mean: 50}
          output_distribution: {}
        """);
    ok(withDistributions); // the normal's mean outside [min, max] does not matter: the distribution is not used
    assertEquals(List.of(file() + ":6:23: data.input_distribution: ignored: the lengths come from data.trace.file",
        file() + ":7:24: data.output_distribution: ignored: the lengths come from data.trace.file"),
        formatted(withDistributions.notes()));
  }

  @Test
  void traceMistakes() {
    String f = file();
    assertEquals(List.of(f + ":5:10: data.trace: only used by data.type random (got data.type synthetic); remove it"),
        formatted(yaml("""
            data:
              type: synthetic
              trace: {file: azure.csv}
              input_distribution: {}
              output_distribution: {}
            """).problems()));
    assertEquals(List.of(f + ":3:29: data.trace.file: missing required key",
            f + ":3:38: data.trace.format: must be one of AzurePublicDataset (got 'azure')"),
        formatted(yaml("data: {type: random, trace: {format: azure}}\n").problems()));
    Loads.onlyProblem(yaml("data: {type: random, trace: azure.csv}\n"), "data.trace",
        "expected a mapping with keys file, format, got 'azure.csv'");
  }

  @Test
  void randomAndSyntheticNeedDistributionsUnlessATraceIsGiven() {
    LoadResult r = yaml("data:\n  type: synthetic\n");
    Loads.problem(r, "data.input_distribution", "missing required key for data.type synthetic (e.g. {min: 10");
    Loads.problem(r, "data.output_distribution", "missing required key for data.type synthetic");
    assertEquals(2, r.problems().size(), r.formatProblems());
    Loads.problem(yaml("data: {type: random}\n"), "data.input_distribution", "or set data.trace)");
  }

  @Test
  void datasetTypesNeedALocalPathAndUseDistributionsAsFilters() {
    LoadResult r = yaml("data:\n  type: billsum_conversations\n");
    assertEquals(List.of(file() + ":4:3: data.path: missing required key for data.type billsum_conversations: a"
        + " .json or .jsonl file or a folder of them, local or s3://bucket/... (only shareGPT and cnn_dailymail are"
        + " downloaded from the Hugging Face Hub)"), formatted(r.problems()));
    // shareGPT and cnn_dailymail without data.path: inference-perf's dataset from the Hub (fetched at run start)
    assertEquals(null, ok(yaml("data: {type: shareGPT}\n")).data().path());
    assertEquals(null, ok(yaml("data: {type: cnn_dailymail}\n")).data().path());
    Loads.onlyProblem(yaml("data: {type: shareGPT, path: ' '}\n"), "data.path", "must not be empty");
    // Only min and max filter dataset rows: a mean outside them is not a mistake here (it is for random).
    Config config = ok(yaml("data: {type: shareGPT, path: s.json, input_distribution: {min: 4, max: 100}}\n"));
    assertEquals(100, config.data().inputDistribution().max());
    Loads.onlyProblem(yaml("data: {type: random, input_distribution: {min: 4, max: 100}, output_distribution: {}}\n"),
        "data.input_distribution.mean", "must be between min (4) and max (100) for a normal distribution, got 512");
  }

  @Test
  void lognormalMeanMustExceedMinForRandom() {
    Loads.onlyProblem(yaml("data: {type: random, input_distribution: {type: lognormal, min: 600, max: 900},"
        + " output_distribution: {}}\n"), "data.input_distribution.mean",
        "must be above min (600) for a lognormal distribution, got 512");
  }

  @Test
  void chatTemplateIsForRandomCompletionsOnly() {
    String data = "data: {type: random, input_distribution: {}, output_distribution: {}, use_chat_template: true}\n";
    ok(yaml(data + "api: {type: completion}\n"));
    assertEquals(List.of(file() + ":3:90: data.use_chat_template: only with api.type completion: with api.type chat"
        + " the server applies the model's chat template itself"),
        formatted(yaml(data + "api: {type: chat}\n").problems()));
  }

  @Test
  void settingsOfOtherTypesAreNoted() {
    LoadResult r = yaml("""
        data:
          type: random
          input_distribution: {}
          output_distribution: {}
          path: x.json
          corpus_file_path: c.txt
          shared_prefix: {num_groups: 2}
        """);
    ok(r);
    assertEquals(List.of("data.path", "data.corpus_file_path", "data.shared_prefix"),
        r.notes().stream().map(ConfigProblem::keyPath).toList());
    LoadResult sharedPrefix = yaml("data: {type: shared_prefix, shared_prefix: {}, input_distribution: {}}\n");
    ok(sharedPrefix);
    Loads.problem(new LoadResult(null, sharedPrefix.notes(), List.of(), Map.of()), "data.input_distribution",
        "not used by data.type shared_prefix");
  }

  @Test
  void resolvedConfigKeepsTheSharedPrefixSection() {
    LoadResult r = yaml("data: {type: shared_prefix, shared_prefix: {num_users_per_system_prompt: 3, seed: 5}}\n");
    ok(r);
    String written = ConfigYaml.redactedYaml(r.resolvedTree());
    assertTrue(written.contains("num_users_per_system_prompt: 3"), written);
    assertTrue(written.contains("seed: 5"), written);
  }
}
