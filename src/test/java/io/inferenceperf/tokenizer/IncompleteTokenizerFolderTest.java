package io.inferenceperf.tokenizer;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.TokenizerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local tokenizer folder (tokenizer.pretrained_model_name_or_path) that is incomplete or damaged, made from a
 * real model's files: the message names the missing or bad file and the fix, never a parser's stack trace, and the
 * failure is an input mistake (the run exits 2, see e2e.TokenizerExitCodesTest).
 */
class IncompleteTokenizerFolderTest {
  @TempDir Path dir;

  private static String failure(Path folder) {
    TokenizerLoadResult result = TokenizerLoader.load(new TokenizerConfig(folder.toString(), false, null), null,
        HubSettings.from(Map.of("HF_HUB_OFFLINE", "1"), folder, null));
    TokenizerLoadResult.Failed failed = assertInstanceOf(TokenizerLoadResult.Failed.class, result);
    assertTrue(failed.inputMistake(), "the user's own folder is a configuration to correct (exit 2)");
    String message = failed.message();
    assertTrue(message.startsWith("tokenizer.pretrained_model_name_or_path '" + folder + "': "), message);
    assertTrue(!message.contains("\tat ") && !message.contains("Exception"), "no stack trace: " + message);
    return message;
  }

  private Path folderWith(String name, String... files) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(name));
    Path real = RealTokenizers.folder("qwen3");
    for (String file : files) Files.copy(real.resolve(file), folder.resolve(file));
    return folder;
  }

  private static void has(String message, String part) {
    assertTrue(message.contains(part), "'" + part + "' in: " + message);
  }

  @Test
  void aConfigWithoutTokenizerJsonNamesTheMissingFile() throws IOException {
    Path folder = folderWith("config-only", "tokenizer_config.json");
    String message = failure(folder);
    has(message, folder + " has no tokenizer.json (nor vocab.json + merges.txt, nor tokenizer.model), the file"
        + " that holds the vocabulary; it has only tokenizer_config.json.");
    has(message, "Download the model's tokenizer files again");
  }

  @Test
  void halfOfTheVocabAndMergesPairNamesTheOtherHalf() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("gpt2-half"));
    Files.copy(RealTokenizers.folder("gpt2").resolve("vocab.json"), folder.resolve("vocab.json"));
    has(failure(folder), folder + " has vocab.json but not merges.txt (the two go together)");
  }

  @Test
  void aTruncatedTokenizerJsonSaysItIsCutShort() throws IOException {
    Path folder = folderWith("cut", "tokenizer_config.json");
    byte[] whole = Files.readAllBytes(RealTokenizers.folder("qwen3").resolve("tokenizer.json"));
    Files.write(folder.resolve("tokenizer.json"), Arrays.copyOf(whole, whole.length / 2));
    String message = failure(folder);
    has(message, folder.resolve("tokenizer.json") + " is cut short (it ends inside a JSON value at line ");
    has(message, "an interrupted download or copy?");
    Files.write(folder.resolve("tokenizer.json"), new byte[0]);
    has(failure(folder), folder.resolve("tokenizer.json") + " is empty (0 bytes)");
  }

  @Test
  void aTokenizerJsonThatIsNotATokenizerIsNamed() throws IOException {
    Path folder = folderWith("not-a-tokenizer", "tokenizer_config.json");
    Files.writeString(folder.resolve("tokenizer.json"), "{\"hello\": 1}");
    has(failure(folder), folder.resolve("tokenizer.json") + " is not a tokenizer the Hugging Face tokenizers"
        + " library can load (");
    Files.writeString(folder.resolve("tokenizer.json"), "<html>404</html>");
    has(failure(folder), folder.resolve("tokenizer.json") + " is not JSON (line 1, column ");
  }

  /** A tokenizer.json parsed once is kept by its bytes, not its path: the same path cut short later fails. */
  @Test
  void aFileCutShortAfterALoadFailsTheNextLoad() throws IOException {
    Path folder = folderWith("cut-later", "tokenizer.json", "tokenizer_config.json");
    TokenizerLoadResult first = TokenizerLoader.load(new TokenizerConfig(folder.toString(), false, null), null,
        HubSettings.from(Map.of("HF_HUB_OFFLINE", "1"), folder, null));
    assertInstanceOf(TokenizerLoadResult.Loaded.class, first);
    byte[] whole = Files.readAllBytes(folder.resolve("tokenizer.json"));
    Files.write(folder.resolve("tokenizer.json"), Arrays.copyOf(whole, whole.length / 2));
    has(failure(folder), folder.resolve("tokenizer.json") + " is cut short");
  }

  @Test
  void aTruncatedTokenizerConfigIsNamed() throws IOException {
    Path folder = folderWith("cut-config", "tokenizer.json");
    String config = Files.readString(RealTokenizers.folder("qwen3").resolve("tokenizer_config.json"));
    Files.writeString(folder.resolve("tokenizer_config.json"), config.substring(0, config.length() / 2));
    has(failure(folder), folder.resolve("tokenizer_config.json") + " is cut short");
  }

  @Test
  void aFolderThatIsAFileOrMissingIsAnInputMistakeToo() throws IOException {
    has(failure(dir.resolve("absent")), "no such folder " + dir.resolve("absent") + "; point it at a folder of the"
        + " model's tokenizer files or at the model's Hugging Face id");
    Path config = Files.copy(RealTokenizers.folder("qwen3").resolve("tokenizer_config.json"),
        dir.resolve("tokenizer_config.json"));
    has(failure(config), config + " is a file, not a folder of tokenizer files; point it at the folder that holds"
        + " tokenizer.json (or at tokenizer.json itself)");
  }

  @Test
  void anUnreadableFileNamesItAndThePermissionFix() {
    String message = TokenizerFileProblems.unreadable(dir.resolve("tokenizer.json"),
        new java.nio.file.AccessDeniedException(dir.resolve("tokenizer.json").toString())).getMessage();
    has(message, "cannot read " + dir.resolve("tokenizer.json") + " (AccessDeniedException: ");
    has(message, "make the tokenizer files readable by this user (chmod a+r)");
  }
}
