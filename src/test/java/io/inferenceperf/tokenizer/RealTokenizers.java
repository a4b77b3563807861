package io.inferenceperf.tokenizer;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The real tokenizer files that scripts/test-deps.sh installs into .tools/tokenizers, loaded once per JVM. */
public final class RealTokenizers {

  private static final ConcurrentHashMap<String, Tokenizer> LOADED = new ConcurrentHashMap<>();

  private RealTokenizers() {}

  /** The folder of {@code name} (gpt2, llama3, qwen3); fails the test if it is missing. */
  public static Path folder(String name) {
    Path folder = Path.of(".tools", "tokenizers", name).toAbsolutePath();
    if (!Files.isDirectory(folder)) {
      fail("tokenizer files for " + name + " are missing at " + folder + ": run scripts/test-deps.sh");
    }
    return folder;
  }

  public static Tokenizer load(String name) {
    return LOADED.computeIfAbsent(name, n -> {
      List<String> warnings = new ArrayList<>();
      Tokenizer tokenizer = TokenizerFolder.load(folder(n), n, warnings::add);
      if (!warnings.isEmpty()) {
        throw new AssertionError("unexpected warnings: " + warnings);
      }
      return tokenizer;
    });
  }
}
