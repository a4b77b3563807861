package io.inferenceperf.data;

import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.Config;
import io.inferenceperf.config.ConversationReplayConfig;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.DataExtensions;
import io.inferenceperf.config.Distribution;
import io.inferenceperf.config.SharedPrefixConfig;
import io.inferenceperf.config.VisionArenaConfig;
import io.inferenceperf.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link DataGenerator} that {@code data.type} asks for. The entry point of this package. Reads the
 * files the data section names (data.path, data.corpus_file_path, data.trace.file) and reports every problem,
 * each naming its key.
 */
public final class DataGenerators {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DataGenerators.class);

  private DataGenerators() {}

  /** As {@link #create(Config, Tokenizer, DataExtensions)} with the config's own shared_prefix and trace settings. */
  public static DataGeneratorResult create(Config config, Tokenizer tokenizer) {
    return create(config, tokenizer, config.data().extensions());
  }

  /**
   * The generator for {@code config.data()}, seeded with {@code load.base_seed}, counting tokens with
   * {@code tokenizer} (the model's, or {@link io.inferenceperf.tokenizer.ApproximateTokenizer}).
   */
  public static DataGeneratorResult create(Config config, Tokenizer tokenizer, DataExtensions extensions) {
    DataConfig data = config.data();
    if (data.type() == DataType.OTEL_TRACE_REPLAY) return OtelTraceReplayData.create(config, System.getenv());
    ApiType apiType = config.api().type();
    long seed = config.load().baseSeed();
    if (data.useChatTemplate() && data.type() != DataType.RANDOM) {
      return invalid("data.use_chat_template is only supported with data.type random (as in inference-perf)");
    }
    PromptFormat.Result format = PromptFormat.of(apiType, data.useChatTemplate(), tokenizer);
    if (format.format() == null) {
      return new DataGeneratorResult.Invalid(format.problems());
    }
    String mediaProblem = MultimodalData.problem(data, extensions, apiType);
    if (mediaProblem != null) {
      return invalid(mediaProblem);
    }
    try {
      DataGeneratorResult result = switch (data.type()) {
        case MOCK -> mock(data, apiType, tokenizer, format.format());
        case RANDOM -> random(data, extensions, seed, tokenizer, format.format());
        case SYNTHETIC -> synthetic(data, seed, tokenizer, format.format());
        case SHARED_PREFIX -> sharedPrefix(extensions, seed, tokenizer, format.format(), apiType);
        case SHAREGPT, CNN_DAILYMAIL, BILLSUM_CONVERSATIONS, INFINITY_INSTRUCT ->
            dataset(data, tokenizer, format.format());
        case CONVERSATION_REPLAY -> conversationReplay(data, apiType, tokenizer);
        case VISIONARENA -> visionArena(data, apiType, seed, tokenizer, format.format());
        case OTEL_TRACE_REPLAY -> throw new IllegalStateException("handled above");
        case WEKA_TRACE_REPLAY -> WekaReplayData.create(data, tokenizer, seed);
      };
      return MultimodalData.wrap(result, data.type(), extensions, seed);
    } catch (PromptGenerationException e) {
      return invalid("data.type " + data.type().yamlName + ": " + e.getMessage());
    }
  }

  private static DataGeneratorResult invalid(String problem) {
    return new DataGeneratorResult.Invalid(List.of(problem));
  }

  private static DataGeneratorResult mock(DataConfig data, ApiType apiType, Tokenizer tokenizer,
      PromptFormat format) {
    if (data.inputDistribution() != null || data.outputDistribution() != null) {
      return invalid("data.type mock does not use data.input_distribution or data.output_distribution; remove them "
          + "or choose data.type random");
    }
    return new DataGeneratorResult.Ready(new MockDataGenerator(apiType, tokenizer, format));
  }

  private static DataGeneratorResult random(DataConfig data, DataExtensions extensions, long seed,
      Tokenizer tokenizer, PromptFormat format) {
    List<String> problems = new ArrayList<>();
    RequestLengths lengths = extensions.traceFile() != null ? traceLengths(extensions.traceFile(), problems)
        : sampledLengths(data, seed, problems);
    requireVocabulary(tokenizer, data.type(), problems);
    if (!problems.isEmpty()) {
      return new DataGeneratorResult.Invalid(problems);
    }
    String overheadProblem = overheadProblem(lengths, tokenizer, format);
    if (overheadProblem != null) {
      return invalid(overheadProblem);
    }
    return new DataGeneratorResult.Ready(new RandomDataGenerator(seed, lengths, tokenizer, format));
  }

  private static DataGeneratorResult synthetic(DataConfig data, long seed, Tokenizer tokenizer,
      PromptFormat format) {
    List<String> problems = new ArrayList<>();
    RequestLengths lengths = sampledLengths(data, seed, problems);
    String corpus = corpus(data, problems);
    String corpusName = data.corpusFilePath() == null ? "built-in" : data.corpusFilePath();
    if (!problems.isEmpty()) {
      return new DataGeneratorResult.Invalid(problems);
    }
    String overheadProblem = overheadProblem(lengths, tokenizer, format);
    if (overheadProblem != null) {
      return invalid(overheadProblem);
    }
    SyntheticDataGenerator generator = new SyntheticDataGenerator(seed, lengths, corpus, corpusName, tokenizer,
        format);
    return new DataGeneratorResult.Ready(generator);
  }

  /** The text of data.corpus_file_path, or the built-in corpus; null with a problem added when unusable. */
  static String corpus(DataConfig data, List<String> problems) {
    String corpus = null;
    try {
      corpus = data.corpusFilePath() == null ? builtInCorpus() : Files.readString(Path.of(data.corpusFilePath()));
      if (corpus.isBlank()) {
        problems.add("data.corpus_file_path: " + data.corpusFilePath() + " is empty; point it at a text file"
            + " (prompts are slices of its text), or remove the key for the built-in corpus");
      }
    } catch (java.nio.file.NoSuchFileException e) {
      problems.add("data.corpus_file_path: " + data.corpusFilePath() + " does not exist; point it at a text file,"
          + " or remove the key for the built-in corpus");
    } catch (java.nio.charset.MalformedInputException e) {
      problems.add("data.corpus_file_path: " + data.corpusFilePath() + " is not UTF-8 text; convert it (iconv)"
          + " or point the key at a UTF-8 text file");
    } catch (IOException | RuntimeException e) {
      problems.add("data.corpus_file_path: cannot read " + data.corpusFilePath() + " (" + e.getMessage() + ")");
    }
    return corpus;
  }

  static String builtInCorpus() throws IOException {
    try (InputStream in = DataGenerators.class.getResourceAsStream("corpus.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static DataGeneratorResult sharedPrefix(DataExtensions extensions, long baseSeed, Tokenizer tokenizer,
      PromptFormat format, ApiType apiType) {
    SharedPrefixConfig config = extensions.sharedPrefix() != null ? extensions.sharedPrefix()
        : SharedPrefixConfig.defaults();
    List<String> problems = new ArrayList<>();
    if (config.enableMultiTurnChat() && apiType != ApiType.COMPLETION) {
      problems.add("data.shared_prefix.enable_multi_turn_chat works with api.type completion only (as in"
          + " inference-perf): the conversation is sent as one growing prompt; set api.type: completion or"
          + " enable_multi_turn_chat: false");
    }
    if (config.numGroups() < 1 || config.numPromptsPerGroup() < 1) {
      problems.add("data.shared_prefix.num_groups and num_prompts_per_group must be at least 1");
    }
    checkLength(config.systemPromptLen(), "data.shared_prefix.system_prompt_len", 1, problems);
    checkLength(config.questionLen(), "data.shared_prefix.question_len", 1, problems);
    checkLength(config.outputLen(), "data.shared_prefix.output_len", 1, problems);
    requireVocabulary(tokenizer, DataType.SHARED_PREFIX, problems);
    if (!problems.isEmpty()) {
      return new DataGeneratorResult.Invalid(problems);
    }
    long seed = config.seed() != null ? config.seed() : baseSeed;
    SharedPrefixDataGenerator generator = new SharedPrefixDataGenerator(config, seed, tokenizer, format);
    return new DataGeneratorResult.Ready(config.enableMultiTurnChat() ? new SharedPrefixMultiTurn(generator)
        : generator);
  }

  private static DataGeneratorResult conversationReplay(DataConfig data, ApiType apiType, Tokenizer tokenizer) {
    ConversationReplayConfig config = data.conversationReplay() != null ? data.conversationReplay()
        : ConversationReplayConfig.defaults();
    List<String> problems = new ArrayList<>();
    if (apiType != ApiType.COMPLETION) {
      problems.add("data.type conversation_replay works with api.type completion only (as in inference-perf): each"
          + " turn sends the conversation so far as one prompt; set api.type: completion");
    }
    String at = "data.conversation_replay.";
    checkLength(config.dynamicSystemPromptLen(), at + "dynamic_system_prompt_len", 0, problems);
    checkLength(config.turnsPerConversation(), at + "turns_per_conversation", 1, problems);
    checkLength(config.inputTokensPerTurn(), at + "input_tokens_per_turn", 1, problems);
    checkLength(config.outputTokensPerTurn(), at + "output_tokens_per_turn", 1, problems);
    if (config.toolCallLatencySec() != null) {
      checkLength(config.toolCallLatencySec(), at + "tool_call_latency_sec", 0, problems);
    }
    int room = config.maxModelLen() - config.outputTokensPerTurn().max() - ReplayConversations.CONTEXT_MARGIN
        - tokenizer.countTokens("", true);
    if (room < 1) {
      problems.add(at + "max_model_len (" + config.maxModelLen() + ") leaves no room for a prompt after the"
          + " largest max_tokens (output_tokens_per_turn.max " + config.outputTokensPerTurn().max() + ") and the"
          + " 200-token margin; raise max_model_len or lower output_tokens_per_turn.max");
    }
    requireVocabulary(tokenizer, DataType.CONVERSATION_REPLAY, problems);
    if (!problems.isEmpty()) {
      return new DataGeneratorResult.Invalid(problems);
    }
    return new DataGeneratorResult.Ready(new ConversationReplayData(config, tokenizer));
  }

  private static DataGeneratorResult dataset(DataConfig data, Tokenizer tokenizer, PromptFormat format) {
    String name = data.type().yamlName;
    if (data.path() == null) {
      return invalid("data.path is required for data.type " + name + " (a .json/.jsonl file or folder, local or"
          + " s3://bucket/...)");
    }
    DatasetFiles.Read read;
    try {
      read = DatasetFiles.read(Path.of(data.path()), data.type());
    } catch (DatasetFileException e) {
      return invalid("data.path: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      return invalid("data.path: cannot read " + data.path() + " as " + name + " data (" + e.getMessage() + ")");
    }
    if (read.records() == 0) {
      return invalid("data.path: " + data.path() + " holds no records; expected "
          + DatasetFiles.expectedFormat(data.type()));
    }
    if (read.rows().isEmpty()) {
      return invalid("data.path: none of the " + read.records() + " records in " + data.path() + " has the columns"
          + " data.type " + name + " reads, " + DatasetShape.expected(data.type()) + "; the first, "
          + read.firstRejection() + ". Check data.type, or convert the file to these columns");
    }
    DatasetDataGenerator generator = DatasetDataGenerator.of(name, read.rows(), tokenizer, format,
        data.inputDistribution(), data.outputDistribution());
    if (generator == null) {
      return invalid("data.path: none of the " + read.rows().size() + " " + name + " rows in " + data.path()
          + " passes the data.input_distribution/output_distribution min-max filters; widen them");
    }
    return new DataGeneratorResult.Ready(generator);
  }

  private static DataGeneratorResult visionArena(DataConfig data, ApiType apiType, long seed, Tokenizer tokenizer,
      PromptFormat format) {
    if (apiType != ApiType.CHAT) {
      return invalid("data.type visionarena sends images as chat content parts, so it needs api.type chat (got "
          + apiType.yamlName + "); set api.type: chat");
    }
    VisionArenaConfig config = data.visionArenaOrDefaults();
    boolean hubFiles = data.path() == null && !config.localFiles().isEmpty();
    if (data.path() == null && !hubFiles) {
      return invalid("data.type visionarena: no data.path and no rows from the Hugging Face Hub; set data.path to"
          + " a .jsonl file of " + VisionArenaFiles.EXPECTED);
    }
    String key = hubFiles ? "data.visionarena.hf_data_files" : "data.path";
    String source = hubFiles ? config.localFiles().size() + " files of " + config.hfDatasetName() + " matching "
        + config.hfDataFiles() : data.path();
    VisionArenaFiles.Read read;
    try {
      read = hubFiles
          ? VisionArenaFiles.read(config.localFiles().stream().map(Path::of).toList(), config.numRows(),
              config.maxImagesPerRequest())
          : VisionArenaFiles.read(Path.of(data.path()), config.numRows(), config.maxImagesPerRequest());
    } catch (DatasetFileException e) {
      return invalid(key + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      return invalid(key + ": cannot read " + source + " as visionarena data (" + e.getMessage() + ")");
    }
    if (read.entries().isEmpty()) {
      return invalid(key + ": none of the " + read.records() + " records in " + source + " is usable (a"
          + " user turn with text and a JPEG, PNG or WEBP image)" + (read.firstRejection() == null ? ""
              : "; the first, " + read.firstRejection()) + ". Expected " + VisionArenaFiles.EXPECTED);
    }
    if (read.records() > read.entries().size() || read.skippedImages() > 0) {
      LOG.warn("data.type visionarena: {} of {} records read from {} left out, {} images skipped{}",
          read.records() - read.entries().size(), read.records(), source, read.skippedImages(),
          read.firstRejection() == null ? "" : "; the first record left out: " + read.firstRejection());
    }
    if (read.entries().size() < config.numRows()) {
      LOG.info("data.type visionarena: {} usable rows in {} (data.visionarena.num_rows {}); requests cycle through"
          + " them", read.entries().size(), source, config.numRows());
    }
    return new DataGeneratorResult.Ready(new VisionArenaDataGenerator(read.entries(), config, seed, source,
        tokenizer, format));
  }

  private static RequestLengths sampledLengths(DataConfig data, long seed, List<String> problems) {
    String type = data.type().yamlName;
    checkLength(data.inputDistribution(), "data.input_distribution", 1, problems, type);
    checkLength(data.outputDistribution(), "data.output_distribution", 1, problems, type);
    if (data.inputDistribution() == null || data.outputDistribution() == null) {
      return null;
    }
    return RequestLengths.sampled(seed, new LengthSampler(data.inputDistribution()),
        new LengthSampler(data.outputDistribution()));
  }

  private static RequestLengths traceLengths(String file, List<String> problems) {
    if (!Files.isRegularFile(Path.of(file))) {
      problems.add("data.trace.file: " + file + (Files.isDirectory(Path.of(file)) ? " is a folder" : " does not exist")
          + "; set it to a CSV file of TIMESTAMP,ContextTokens,GeneratedTokens rows");
      return null;
    }
    try {
      List<String> skipped = new ArrayList<>();
      List<AzureTrace.Row> rows = AzureTrace.read(Path.of(file), skipped::add);
      if (rows.isEmpty()) {
        problems.add("data.trace.file: " + file + " has no usable rows; expected CSV lines"
            + " TIMESTAMP,ContextTokens,GeneratedTokens (e.g. 2023-11-16 18:15:46.6805900,374,44)"
            + (skipped.isEmpty() ? ": the file is empty" : "; " + skipped.size() + " skipped, the first: "
                + skipped.get(0)));
        return null;
      }
      if (!skipped.isEmpty()) {
        LOG.warn("data.trace.file: {} of {} lines skipped (as inference-perf skips them); the first: {}",
            skipped.size(), skipped.size() + rows.size(), skipped.get(0));
      }
      if (rows.stream().anyMatch(row -> row.generatedTokens() < 1)) {
        problems.add("data.trace.file: " + file + " has rows with GeneratedTokens 0, which max_tokens cannot ask for");
      }
      return RequestLengths.trace(rows, file);
    } catch (java.nio.charset.CharacterCodingException e) {
      problems.add("data.trace.file: " + file + " is not UTF-8 text; expected a CSV file of"
          + " TIMESTAMP,ContextTokens,GeneratedTokens rows");
      return null;
    } catch (IOException | RuntimeException e) {
      problems.add("data.trace.file: cannot read " + file + " (" + e.getMessage() + ")");
      return null;
    }
  }

  static void requireVocabulary(Tokenizer tokenizer, DataType type, List<String> problems) {
    if (tokenizer.ordinaryTokenIds().length == 0) {
      problems.add("data.type " + type.yamlName + " needs a tokenizer that lists its vocabulary; '" + tokenizer.name()
          + "' does not");
    }
  }

  private static String overheadProblem(RequestLengths lengths, Tokenizer tokenizer, PromptFormat format) {
    int overhead = new ExactLengthText(tokenizer, format.countShape()).overheadTokens();
    if (lengths.minInputTokens() <= overhead) {
      return "input lengths must exceed the " + overhead + " tokens an empty prompt already counts with tokenizer '"
          + tokenizer.name() + "' (BOS and/or chat template); the smallest is " + lengths.minInputTokens()
          + ": raise data.input_distribution.min";
    }
    return null;
  }

  private static void checkLength(Distribution distribution, String key, int minimum, List<String> problems) {
    checkLength(distribution, key, minimum, problems, null);
  }

  private static void checkLength(Distribution distribution, String key, int minimum, List<String> problems,
      String requiredBy) {
    if (distribution == null) {
      if (requiredBy != null) {
        problems.add(key + " is required for data.type " + requiredBy);
      }
      return;
    }
    problems.addAll(LengthSampler.problems(distribution, key, requiredBy == null));
    if (distribution.min() < minimum) {
      problems.add(key + ".min (" + distribution.min() + ") must be at least " + minimum);
    }
  }
}
