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
 * real model's files: the message names the missing or bad file and the fix, never a parser's stack trace.
 */
class IncompleteTokenizerFolderTest {
  @TempDir Path dir;

  private static String failure(Path folder) {
    TokenizerLoadResult result = TokenizerLoader.load(new TokenizerConfig(folder.toString(), false, null), null,
        HubSettings.from(Map.of("HF_HUB_OFFLINE", "1"), folder, null));
    String message = assertInstanceOf(TokenizerLoadResult.Failed.class, result).message();
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

  @Test
  void aTruncatedTokenizerConfigIsNamed() throws IOException {
    Path folder = folderWith("cut-config", "tokenizer.json");
    String config = Files.readString(RealTokenizers.folder("qwen3").resolve("tokenizer_config.json"));
    Files.writeString(folder.resolve("tokenizer_config.json"), config.substring(0, config.length() / 2));
    has(failure(folder), folder.resolve("tokenizer_config.json") + " is cut short");
  }
}
