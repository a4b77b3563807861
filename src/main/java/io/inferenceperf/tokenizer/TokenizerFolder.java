package io.inferenceperf.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.sentencepiece.SpTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds a tokenizer from a folder of Hugging Face tokenizer files: tokenizer.json (preferred, {@link HfTokenizer}),
 * the GPT-2 style vocab.json + merges.txt pair, or a SentencePiece tokenizer.model ({@link SentencePieceTokenizer});
 * tokenizer_config.json and special_tokens_map.json add the chat template and special token settings.
 */
final class TokenizerFolder {

  static final String TOKENIZER_JSON = "tokenizer.json";
  static final String SENTENCEPIECE_MODEL = "tokenizer.model";
  private static final Map<String, String> NATIVE_OPTIONS =
      Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false");

  static {
    // DJL logs a CUDA probe warning and native-library details at load; they mean nothing for tokenizers. Only
    // applies to slf4j-simple and only when the user did not choose a level for ai.djl.
    if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "error");
    }
  }

  private TokenizerFolder() {}

  /** Whether {@code directory} holds a tokenizer we can load. */
  static boolean hasTokenizer(Path directory) {
    return Files.isRegularFile(directory.resolve(TOKENIZER_JSON))
        || Files.isRegularFile(directory.resolve(SENTENCEPIECE_MODEL))
        || (Files.isRegularFile(directory.resolve("vocab.json")) && Files.isRegularFile(directory.resolve("merges.txt")));
  }

  /**
   * Loads the tokenizer in {@code directory}.
   *
   * @param warnings receives non-fatal findings, e.g. a chat template we cannot render
   * @throws TokenizerLoadException naming the folder and what is missing
   */
  static Tokenizer load(Path directory, String name, Consumer<String> warnings) {
    if (!Files.isReadable(directory) || !Files.isExecutable(directory)) {
      throw TokenizerFileProblems.unreadableFolder(directory);
    }
    try {
      if (!Files.isRegularFile(directory.resolve(TOKENIZER_JSON))
          && Files.isRegularFile(directory.resolve(SENTENCEPIECE_MODEL))) {
        return loadSentencePiece(directory, name, warnings);
      }
      Path file = directory.resolve(TOKENIZER_JSON);
      byte[] tokenizerJson = tokenizerJson(directory);
      // the small settings file first: a mistake in it is found without parsing a large vocabulary
      TokenizerSettings settings = TokenizerSettings.read(directory);
      ParsedTokenizerJsons.Parsed parsed = ParsedTokenizerJsons.parsed(tokenizerJson,
          content -> parseTokenizerJson(file, content));
      return new HfTokenizer("hf:" + name, parsed.nativeTokenizer(), parsed.ordinaryIds(),
          chatTemplate(settings, name, warnings));
    } catch (IOException | RuntimeException e) {
      if (e instanceof TokenizerLoadException tokenizerLoadException) {
        throw tokenizerLoadException;
      }
      throw TokenizerFileProblems.unreadableFiles(directory, e);
    }
  }

  /**
   * The ordinary ids and the native tokenizer of {@code content}, the bytes of {@code file}; a message naming the
   * file when it is empty, cut short, not JSON or refused by the tokenizers library.
   */
  private static ParsedTokenizerJsons.Parsed parseTokenizerJson(Path file, byte[] content) {
    if (content.length == 0) throw TokenizerFileProblems.empty(file);
    int[] ordinaryIds;
    try {
      ordinaryIds = OrdinaryIds.read(content);
    } catch (IOException e) {
      throw TokenizerFileProblems.unreadable(file, e);
    }
    try (InputStream in = new ByteArrayInputStream(content)) {
      return new ParsedTokenizerJsons.Parsed(HuggingFaceTokenizer.newInstance(in, NATIVE_OPTIONS), ordinaryIds);
    } catch (RuntimeException e) {
      throw TokenizerFileProblems.refused(file, "a tokenizer the Hugging Face tokenizers library can load", e);
    } catch (IOException e) {
      throw TokenizerFileProblems.unreadable(file, e);
    }
  }

  private static byte[] tokenizerJson(Path directory) throws IOException {
    Path file = directory.resolve(TOKENIZER_JSON);
    if (Files.isRegularFile(file)) {
      return Files.readAllBytes(file);
    }
    Path vocab = directory.resolve("vocab.json");
    Path merges = directory.resolve("merges.txt");
    if (Files.isRegularFile(vocab) && Files.isRegularFile(merges)) {
      try {
        return ByteLevelBpeFiles.toTokenizerJson(vocab, merges);
      } catch (IOException e) {
        throw TokenizerFileProblems.unreadable(vocab, e);
      }
    }
    throw TokenizerFileProblems.missingVocabulary(directory);
  }

  private static Tokenizer loadSentencePiece(Path directory, String name, Consumer<String> warnings)
      throws IOException {
    TokenizerSettings settings = TokenizerSettings.read(directory);
    Path file = directory.resolve(SENTENCEPIECE_MODEL);
    byte[] model = Files.readAllBytes(file);
    if (model.length == 0) throw TokenizerFileProblems.empty(file);
    SentencePieceModelFile.Model pieces;
    SpTokenizer spTokenizer;
    try {
      pieces = SentencePieceModelFile.read(model);
      spTokenizer = pieces.pieces().length == 0 ? null : new SpTokenizer(model);
    } catch (RuntimeException e) {
      throw TokenizerFileProblems.refused(file, "a SentencePiece model (cut short?)", e);
    }
    if (spTokenizer == null) {
      throw new TokenizerLoadException(file + " is not a SentencePiece model");
    }
    return new SentencePieceTokenizer("hf:" + name, spTokenizer, pieces, settings,
        chatTemplate(settings, name, warnings));
  }

  private static ChatTemplate chatTemplate(TokenizerSettings settings, String name, Consumer<String> warnings) {
    String template = settings.chatTemplate();
    if (template == null) {
      return null;
    }
    if (ChatMlTemplate.isChatMl(template)) {
      return ChatMlTemplate.of(template);
    }
    try {
      return JinjaChatTemplate.of(template, settings.specialTokens());
    } catch (RuntimeException e) {
      warnings.accept("the chat template of " + name + " cannot be rendered (" + e.getMessage() + "); "
          + "data.use_chat_template is unavailable with it");
      return null;
    }
  }

  static List<String> knownFiles() {
    return List.of(TOKENIZER_JSON, "tokenizer_config.json", "special_tokens_map.json");
  }
}
