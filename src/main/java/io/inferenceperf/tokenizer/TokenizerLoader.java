package io.inferenceperf.tokenizer;

import io.inferenceperf.config.TokenizerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the tokenizer to count with, as inference-perf does: {@code tokenizer.pretrained_model_name_or_path} (a
 * local folder or a Hugging Face model id), else the served model's name, else the built-in approximation.
 * The entry point of this package.
 */
public final class TokenizerLoader {

  private TokenizerLoader() {}

  /**
   * @param tokenizerConfig the tokenizer section, or null when absent
   * @param modelName the served model (server.model_name), tried when the section is absent; may be null
   */
  public static TokenizerLoadResult load(TokenizerConfig tokenizerConfig, String modelName, HubSettings hub) {
    String configured = tokenizerConfig == null ? null : tokenizerConfig.pretrainedModelNameOrPath();
    if (configured != null && !configured.isBlank()) {
      try {
        return resolve(configured, hub);
      } catch (TokenizerLoadException e) {
        return new TokenizerLoadResult.Failed("tokenizer.pretrained_model_name_or_path '" + configured + "': "
            + e.getMessage(), e.inputMistake());
      }
    }
    if (SimulatorTokenizer.servesModel(modelName) && !Files.exists(localPath(modelName))) {
      return builtInSimulator(modelName);
    }
    if (modelName != null && !modelName.isBlank()) {
      try {
        TokenizerLoadResult.Loaded loaded = resolve(modelName, hub);
        List<String> warnings = new ArrayList<>(loaded.warnings());
        warnings.add(0, "no tokenizer section: using the tokenizer of the served model '" + modelName + "'");
        return new TokenizerLoadResult.Loaded(loaded.tokenizer(), loaded.source(), warnings);
      } catch (TokenizerLoadException e) {
        return approximate("could not load the tokenizer of the served model '" + modelName + "' ("
            + e.getMessage() + ")");
      }
    }
    return approximate("no tokenizer configured and no model name to look up");
  }

  /** The simulator's models count with a tokenizer shipped in the tool: offline, exact, nothing to warn about. */
  private static TokenizerLoadResult.Loaded builtInSimulator(String modelName) {
    return new TokenizerLoadResult.Loaded(SimulatorTokenizer.instance(),
        "built in: the tokenizer of the simulator's model '" + modelName + "'", List.of());
  }

  private static TokenizerLoadResult.Loaded approximate(String reason) {
    return new TokenizerLoadResult.Loaded(ApproximateTokenizer.instance(), "built-in approximation",
        List.of(reason + "; token counts use the " + ApproximateTokenizer.NAME + " tokenizer and are NOT exact. "
            + "Set tokenizer.pretrained_model_name_or_path to the model's Hugging Face id or a local folder"));
  }

  private static TokenizerLoadResult.Loaded resolve(String name, HubSettings hub) {
    List<String> warnings = new ArrayList<>();
    Path local = localPath(name);
    if (Files.isRegularFile(local) && local.getFileName().toString().equals(TokenizerFolder.TOKENIZER_JSON)) {
      local = local.toAbsolutePath().getParent();
    }
    if (Files.isDirectory(local)) {
      try {
        Tokenizer tokenizer = TokenizerFolder.load(local, name, warnings::add);
        return new TokenizerLoadResult.Loaded(tokenizer, "local folder " + local.toAbsolutePath(), warnings);
      } catch (TokenizerLoadException e) {
        throw e.asInputMistake();
      }
    }
    if (SimulatorTokenizer.servesModel(name)) {
      return builtInSimulator(name);
    }
    if (Files.isRegularFile(local)) {
      throw new TokenizerLoadException(local.toAbsolutePath() + " is a file, not a folder of tokenizer files; point"
          + " it at the folder that holds tokenizer.json (or at tokenizer.json itself)").asInputMistake();
    }
    if (isExplicitPath(name) || !HubDownloader.looksLikeModelId(name)) {
      throw new TokenizerLoadException("no such folder " + local.toAbsolutePath()
          + "; point it at a folder of the model's tokenizer files or at the model's Hugging Face id")
          .asInputMistake();
    }
    HubDownloader downloader = new HubDownloader(hub);
    Path snapshot = downloader.fetch(name);
    Tokenizer tokenizer = TokenizerFolder.load(snapshot, name, warnings::add);
    return new TokenizerLoadResult.Loaded(tokenizer, "Hugging Face Hub " + name + " (cached in " + snapshot + ")",
        warnings);
  }

  private static Path localPath(String name) {
    if (name.equals("~") || name.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + name.substring(1));
    }
    return Path.of(name);
  }

  private static boolean isExplicitPath(String name) {
    return name.startsWith("/") || name.startsWith("./") || name.startsWith("../") || name.startsWith("~")
        || name.contains("\\");
  }
}
