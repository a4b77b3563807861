package io.inferenceperf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output with a file in src/test/resources/golden/, or rewrites that file when the build runs with
 * {@code -Dgolden.update=true} (then review the diff with git before committing it).
 */
final class GoldenFiles {

  static final Path FOLDER = Path.of("src", "test", "resources", "golden");

  private GoldenFiles() {}

  static boolean updating() {
    return Boolean.getBoolean("golden.update");
  }

  static void assertMatches(String name, String actual) throws IOException {
    Path file = FOLDER.resolve(name);
    if (updating()) {
      Files.createDirectories(FOLDER);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    assertTrue(Files.exists(file), "missing golden file " + file + "; create it with -Dgolden.update=true");
    assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from golden file " + file);
  }
}
