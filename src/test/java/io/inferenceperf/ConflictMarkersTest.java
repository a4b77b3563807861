package io.inferenceperf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No merge leftovers in what users read or what builds: a line starting with {@code <<<<<<< } or {@code >>>>>>> }
 * in the sources, scripts or docs (two once stayed in docs/configuration.md, outside its generated part, where no
 * other test looked).
 */
class ConflictMarkersTest {
  private static final Set<String> TEXT = Set.of("java", "md", "sh", "py", "yaml", "yml", "xml", "json", "txt", "properties");

  @Test
  void noTextFileHasAMergeConflictMarker() throws IOException {
    List<String> found = new ArrayList<>();
    for (String root : List.of("src", "docs", "scripts", "deploy", ".ci")) {
      Path dir = Path.of(root);
      if (!Files.isDirectory(dir)) continue;
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(Files::isRegularFile).filter(ConflictMarkersTest::isText).toList()) {
          found.addAll(markers(file));
        }
      }
    }
    for (String file : List.of("README.md", "pom.xml")) found.addAll(markers(Path.of(file)));
    assertEquals(List.of(), found, "resolve these merge conflicts");
  }

  private static boolean isText(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && TEXT.contains(name.substring(dot + 1)) && !file.startsWith(Path.of("src/test/resources"));
  }

  private static List<String> markers(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) return out;
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("<<<<<<< ") || lines[i].startsWith(">>>>>>> ")) out.add(file + ":" + (i + 1));
    }
    return out;
  }
}
