package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.DataExtensions;
import io.inferenceperf.config.Distribution;
import io.inferenceperf.config.SharedPrefixConfig;
import io.inferenceperf.config.TokenizerConfig;
import io.inferenceperf.tokenizer.ChatTemplate;
import io.inferenceperf.tokenizer.HubSettings;
import io.inferenceperf.tokenizer.TokenizerLoadResult;
import io.inferenceperf.tokenizer.TokenizerLoader;
import io.inferenceperf.tokenizer.RealTokenizers;
import io.inferenceperf.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data generators with real model tokenizers: every count is checked by re-tokenizing what would be sent. */
class RealTokenizerDataTest {

  private static final Distribution INPUT = TestConfigs.normal(50, 600, 300, 120);
  private static final Distribution OUTPUT = TestConfigs.normal(10, 200, 100, 40);

  private static DataGenerator create(ApiType api, DataConfig data, Tokenizer tokenizer, DataExtensions extensions) {
    DataGeneratorResult result = DataGenerators.create(TestConfigs.config(api, data, 2024), tokenizer, extensions);
    if (result instanceof DataGeneratorResult.Invalid invalid) {
      throw new AssertionError("unexpected problems: " + invalid.problems());
    }
    return ((DataGeneratorResult.Ready) result).generator();
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama3", "qwen3", "gpt2"})
  void randomPromptsHaveExactlyTheSampledLength(String name) {
    Tokenizer tokenizer = RealTokenizers.load(name);
    DataGenerator generator = create(ApiType.COMPLETION, TestConfigs.random(INPUT, OUTPUT), tokenizer,
        DataExtensions.NONE);
    for (int i = 0; i < 60; i++) {
      Prompt prompt = generator.prompt(0, i);
      assertEquals(prompt.promptTokens(), tokenizer.countTokens(prompt.text(), true), "prompt " + i);
      assertTrue(prompt.promptTokens() >= 50 && prompt.promptTokens() <= 600);
    }
    assertEquals(generator.prompt(0, 7), create(ApiType.COMPLETION, TestConfigs.random(INPUT, OUTPUT), tokenizer,
        DataExtensions.NONE).prompt(0, 7), "same seed, same prompt");
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama3", "qwen3", "gpt2"})
  void wholeWordPromptsAreExactWithoutEncodingForEveryShape(String name) {
    Tokenizer tokenizer = RealTokenizers.load(name);
    Distribution wide = TestConfigs.of(Distribution.Type.UNIFORM, 40, 3000, 0, 0);
    List<DataConfig> shapes = name.equals("gpt2") ? List.of(TestConfigs.random(wide, OUTPUT))
        : List.of(TestConfigs.random(wide, OUTPUT), new DataConfig(DataType.RANDOM, null, null, wide, OUTPUT, true));
    for (DataConfig data : shapes) {
      DataGenerator generator = create(ApiType.COMPLETION, data, tokenizer, DataExtensions.NONE);
      assertTrue(generator.describe().contains("random whole-word tokens"), generator.describe());
      for (int i = 0; i < 150; i++) {
        Prompt prompt = generator.prompt(3, i);
        assertEquals(prompt.promptTokens(), tokenizer.countTokens(prompt.text(), !data.useChatTemplate()),
            name + " prompt " + i + " use_chat_template " + data.useChatTemplate());
      }
    }
  }

  @Test
  void sentencePieceModelsUseTheFixUpLoopAndStayExact() throws Exception {
    Path folder = Path.of(getClass().getResource("/sentencepiece/tokenizer.model").toURI()).getParent();
    TokenizerLoadResult result = TokenizerLoader.load(new TokenizerConfig(folder.toString(), false, null), null,
        HubSettings.from(java.util.Map.of(), folder, null));
    Tokenizer tokenizer = assertInstanceOf(TokenizerLoadResult.Loaded.class, result).tokenizer();
    DataGenerator generator = create(ApiType.COMPLETION, TestConfigs.random(INPUT, OUTPUT), tokenizer,
        DataExtensions.NONE);
    assertTrue(generator.describe().contains("fix-up"), generator.describe());
    for (int i = 0; i < 40; i++) {
      Prompt prompt = generator.prompt(0, i);
      assertEquals(prompt.promptTokens(), tokenizer.countTokens(prompt.text(), true), "prompt " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama3", "qwen3"})
  void useChatTemplateSendsTheTemplatedPromptAndCountsIt(String name) {
    Tokenizer tokenizer = RealTokenizers.load(name);
    DataConfig data = new DataConfig(DataType.RANDOM, null, null, INPUT, OUTPUT, true);
    DataGenerator generator = create(ApiType.COMPLETION, data, tokenizer, DataExtensions.NONE);
    String marker = name.equals("llama3") ? "<|start_header_id|>user<|end_header_id|>" : "<|im_start|>user\n";
    for (int i = 0; i < 30; i++) {
      Prompt prompt = generator.prompt(0, i);
      assertTrue(prompt.text().contains(marker), prompt.text());
      // sent with add_special_tokens false: the template carries BOS where the model has one
      assertEquals(prompt.promptTokens(), tokenizer.countTokens(prompt.text(), false), "prompt " + i);
    }
  }

  @Test
  void chatApiCountsTheMessageInsideTheTemplate() {
    Tokenizer tokenizer = RealTokenizers.load("llama3");
    ChatTemplate template = tokenizer.chatTemplate().orElseThrow();
    DataGenerator generator = create(ApiType.CHAT, TestConfigs.random(INPUT, OUTPUT), tokenizer, DataExtensions.NONE);
    for (int i = 0; i < 20; i++) {
      Prompt prompt = generator.prompt(0, i);
      assertTrue(!prompt.text().contains("<|start_header_id|>"), "the message itself is sent");
      assertEquals(prompt.promptTokens(), tokenizer.countTokens(template.renderUserTurn(prompt.text()), false));
    }
    DataGenerator mock = create(ApiType.CHAT, DataConfig.defaults(), tokenizer, DataExtensions.NONE);
    assertEquals(tokenizer.countTokens(template.renderUserTurn("mock prompt 3"), false),
        mock.prompt(0, 3).promptTokens());
  }

  @Test
  void useChatTemplateWithTheChatApiIsRejected() {
    DataConfig data = new DataConfig(DataType.RANDOM, null, null, INPUT, OUTPUT, true);
    DataGeneratorResult result = DataGenerators.create(TestConfigs.config(ApiType.CHAT, data, 1),
        RealTokenizers.load("llama3"));
    assertTrue(assertInstanceOf(DataGeneratorResult.Invalid.class, result).problems().get(0)
        .startsWith("data.use_chat_template applies to api.type completion"));
  }

  @Test
  void syntheticSlicesTheCorpusToExactLengths() throws IOException {
    Tokenizer tokenizer = RealTokenizers.load("llama3");
    DataConfig data = new DataConfig(DataType.SYNTHETIC, null, null, INPUT, OUTPUT, false);
    DataGenerator generator = create(ApiType.COMPLETION, data, tokenizer, DataExtensions.NONE);
    String corpus = DataGenerators.builtInCorpus();
    for (int i = 0; i < 40; i++) {
      Prompt prompt = generator.prompt(0, i);
      assertEquals(prompt.promptTokens(), tokenizer.countTokens(prompt.text(), true), "prompt " + i);
      String firstLine = prompt.text().lines().skip(1).findFirst().orElse("");
      assertTrue(firstLine.isEmpty() || (SyntheticDataGenerator.INSTRUCTION + corpus + corpus).contains(firstLine),
          "text comes from the corpus: " + firstLine);
    }
  }

  @Test
  void syntheticReadsACorpusFile(@TempDir Path folder) throws IOException {
    Path corpus = folder.resolve("corpus.txt");
    Files.writeString(corpus, "zebra quagga okapi ".repeat(50));
    DataConfig data = new DataConfig(DataType.SYNTHETIC, null, corpus.toString(), INPUT, OUTPUT, false);
    Prompt prompt = create(ApiType.COMPLETION, data, RealTokenizers.load("llama3"), DataExtensions.NONE)
        .prompt(0, 0);
    assertTrue(prompt.text().contains("okapi"), prompt.text());
  }

  @Test
  void sharedPrefixGroupsShareAnExactPrefix() {
    Tokenizer tokenizer = RealTokenizers.load("llama3");
    SharedPrefixConfig config = new SharedPrefixConfig(3, 4, SharedPrefixConfig.fixed(120),
        TestConfigs.of(Distribution.Type.UNIFORM, 20, 40, 30, 0), SharedPrefixConfig.fixed(64), 7L, false);
    DataConfig data = new DataConfig(DataType.SHARED_PREFIX, null, null, null, null, false);
    DataGenerator generator = create(ApiType.COMPLETION, data, tokenizer, new DataExtensions(config, null));
    Set<String> prefixes = new HashSet<>();
    Set<String> texts = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      Prompt prompt = generator.prompt(0, i);
      assertEquals(prompt.promptTokens(), tokenizer.countTokens(prompt.text(), true), "prompt " + i);
      assertTrue(prompt.promptTokens() >= 140 && prompt.promptTokens() <= 160, "120 + 20..40");
      assertEquals(64, prompt.maxTokens());
      int[] ids = tokenizer.encode(prompt.text(), false);
      prefixes.add(tokenizer.decode(java.util.Arrays.copyOf(ids, 110)));
      texts.add(prompt.text());
    }
    assertEquals(3, prefixes.size(), "one prefix per group");
    assertEquals(12, texts.size());
    assertEquals(generator.prompt(0, 0), generator.prompt(0, 12), "request i gets prompt i mod 12");
  }

  @Test
  void multiTurnSharedPrefixMakesOneSessionPerPromptStartingFromItsGroupPrefix() {
    Tokenizer tokenizer = RealTokenizers.load("llama3");
    SharedPrefixConfig config = new SharedPrefixConfig(2, 3, SharedPrefixConfig.fixed(40),
        SharedPrefixConfig.fixed(10), SharedPrefixConfig.fixed(8), 7L, true);
    DataConfig data = new DataConfig(DataType.SHARED_PREFIX, null, null, null, null, false);
    DataGenerator generator = create(ApiType.COMPLETION, data, tokenizer, new DataExtensions(config, null));
    List<SessionSeed> seeds = ((MultiTurnData) generator).sessions();
    assertEquals(6, seeds.size());
    for (int user = 0; user < 6; user++) {
      SessionSeed seed = seeds.get(user);
      assertEquals("user_session_" + user, seed.id());
      assertEquals(seeds.get(user / 3 * 3).initialContext(), seed.initialContext(), "group g x P + p shares g's prefix");
      assertEquals(40, tokenizer.countTokens(seed.initialContext(), false), "the context starts as the prefix");
      assertFalse(seed.question().isBlank());
      assertEquals(8, seed.maxTokens());
      assertEquals(seed.initialContext() + " " + seed.question(), generator.prompt(0, user + 6).text(),
          "the stateless prompt is the first round of session i mod 6");
    }
    assertNotEquals(seeds.get(0).initialContext(), seeds.get(3).initialContext());

    DataGeneratorResult chat = DataGenerators.create(TestConfigs.config(ApiType.CHAT, data, 2024), tokenizer,
        new DataExtensions(config, null));
    assertTrue(chat instanceof DataGeneratorResult.Invalid invalid
        && invalid.problems().get(0).contains("api.type completion"), chat.toString());
  }

  @Test
  void shareGptRowsBecomePromptsWithCompletionLengthsAndFilters(@TempDir Path folder) throws IOException {
    Path file = folder.resolve("sharegpt.json");
    Files.writeString(file, """
        [
          {"id": "a", "conversations": [{"from": "human", "value": "What is the capital of France?"},
                                        {"from": "gpt", "value": "The capital of France is Paris."}]},
          {"id": "b", "conversations": [{"from": "human", "value": "Hi"}]},
          {"id": "c", "conversations": ["{\\"from\\": \\"human\\", \\"value\\": \\"Name three colours.\\"}",
                                        "{\\"from\\": \\"gpt\\", \\"value\\": \\"Red, green and blue.\\"}"]},
          {"id": "d", "conversations": [{"from": "human", "value": "%s"}, {"from": "gpt", "value": "ok"}]}
        ]""".formatted("word ".repeat(500)));
    Tokenizer tokenizer = RealTokenizers.load("llama3");
    DataConfig data = new DataConfig(DataType.SHAREGPT, file.toString(), null,
        TestConfigs.normal(1, 100, 50, 10), TestConfigs.normal(1, 100, 50, 10), false);
    DataGenerator generator = create(ApiType.COMPLETION, data, tokenizer, DataExtensions.NONE);
    assertEquals(new Prompt("What is the capital of France?", 7, 7), generator.prompt(0, 0));
    assertEquals("Name three colours.", generator.prompt(0, 1).text());
    assertEquals(generator.prompt(0, 0), generator.prompt(0, 2), "cycles over the 2 rows that pass");
    assertTrue(generator.describe().contains("2 of 3 rows"), generator.describe());
  }

  @Test
  void otherDatasetsUseTheirOwnColumns(@TempDir Path folder) throws IOException {
    Tokenizer tokenizer = RealTokenizers.load("llama3");
    Path cnn = folder.resolve("cnn.jsonl");
    Files.writeString(cnn, "{\"article\": \"Long article text.\", \"highlights\": \"Short summary.\", \"id\": \"1\"}\n");
    assertEquals(new Prompt("Long article text.", 4, 3),
        create(ApiType.COMPLETION, dataset(DataType.CNN_DAILYMAIL, cnn), tokenizer, DataExtensions.NONE).prompt(0, 9));

    Path infinity = folder.resolve("infinity.json");
    Files.writeString(infinity, """
        [{"conversations": [{"from": "human", "value": "First"}, {"from": "gpt", "value": "x"},
                            {"from": "human", "value": "Second"}, {"from": "gpt", "value": "Final answer"}]},
         {"conversations": [{"from": "human", "value": "no answer"}]}]""");
    Prompt instruct = create(ApiType.COMPLETION, dataset(DataType.INFINITY_INSTRUCT, infinity), tokenizer,
        DataExtensions.NONE).prompt(0, 0);
    assertEquals("First\nx\nSecond", instruct.text());
    assertEquals(2, instruct.maxTokens());

    Path billsum = folder.resolve("billsum");
    Files.createDirectories(billsum);
    Files.writeString(billsum.resolve("part1.json"), """
        [{"conversations": [{"from": "user", "value": "Summarise the bill."}, {"from": "assistant", "value": "It funds roads."}]}]""");
    assertEquals("Summarise the bill.", create(ApiType.CHAT, dataset(DataType.BILLSUM_CONVERSATIONS, billsum),
        tokenizer, DataExtensions.NONE).prompt(0, 0).text());
  }

  private static DataConfig dataset(DataType type, Path path) {
    return new DataConfig(type, path.toString(), null, null, null, false);
  }

  @Test
  void datasetWithoutPathOrUsableRowsIsAClearProblem(@TempDir Path folder) throws IOException {
    DataGeneratorResult noPath = DataGenerators.create(TestConfigs.config(ApiType.COMPLETION,
        new DataConfig(DataType.SHAREGPT, null, null, null, null, false), 1), RealTokenizers.load("llama3"));
    assertTrue(assertInstanceOf(DataGeneratorResult.Invalid.class, noPath).problems().get(0)
        .startsWith("data.path is required for data.type shareGPT"));
    Path empty = folder.resolve("empty.json");
    Files.writeString(empty, "[{\"unrelated\": 1}]");
    DataGeneratorResult noRows = DataGenerators.create(TestConfigs.config(ApiType.COMPLETION,
        dataset(DataType.SHAREGPT, empty), 1), RealTokenizers.load("llama3"));
    assertTrue(assertInstanceOf(DataGeneratorResult.Invalid.class, noRows).problems().get(0)
        .contains("none of the 1 records in " + empty + " has the columns data.type shareGPT reads"));
  }

  @Test
  void traceLengthsDriveRandomPrompts(@TempDir Path folder) throws IOException {
    Path trace = folder.resolve("trace.csv");
    Files.writeString(trace, """
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 18:15:46.6805900,374,44
        2023-11-16 18:15:50.9951690,396,109
        bad,line,here
        2023-11-16 18:15:51.2395090,879,55
        """);
    Tokenizer tokenizer = RealTokenizers.load("llama3");
    DataGenerator generator = create(ApiType.COMPLETION, TestConfigs.random(null, null), tokenizer,
        new DataExtensions(null, trace.toString()));
    assertEquals(List.of(374, 396, 879, 374), List.of(generator.prompt(0, 0).promptTokens(),
        generator.prompt(0, 1).promptTokens(), generator.prompt(0, 2).promptTokens(),
        generator.prompt(0, 3).promptTokens()));
    assertEquals(109, generator.prompt(0, 1).maxTokens());
    assertEquals(879, tokenizer.countTokens(generator.prompt(0, 2).text(), true));
    assertNotEquals(generator.prompt(0, 0).text(), generator.prompt(0, 3).text());
  }
}
