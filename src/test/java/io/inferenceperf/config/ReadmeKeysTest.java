package io.inferenceperf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table names every supported key (issue 2: "the README documents configuration, with
 * every supported key"); docs/configuration.md has the full reference (ConfigDocsTest). The simulator section is
 * documented in docs/simulator.md.
 */
class ReadmeKeysTest {

  @Test
  void readmeConfigurationSectionNamesEverySupportedKey() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("How the load is generated"));
    List<String> missing = new ArrayList<>();
    for (ConfigSchema.Entry e : ConfigSchema.entries()) {
      if (!e.key().supported() || e.key().shape() instanceof Shape.Section || e.path().startsWith("simulator")) {
        continue;
      }
      String leaf = e.path().substring(e.path().lastIndexOf('.') + 1).replaceAll("\\[.*", "");
      if (!section.contains("`" + leaf + "`") && !section.contains(leaf + "`")) {
        missing.add(e.path());
      }
    }
    assertEquals(List.of(), missing, "README's Configuration table lacks these keys");
  }
}
