package io.inferenceperf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md embeds the key reference generated from {@link ConfigSchema}; this test fails when they
 * drift apart. Run with {@code -Ddocs.update=true} to rewrite the generated section.
 */
class ConfigDocsTest {

  private static final Path DOC = Path.of("docs/configuration.md");
  private static final String BEGIN = "<!-- BEGIN GENERATED: ConfigSchema.markdownReference() -->\n";
  private static final String END = "<!-- END GENERATED -->";

  @Test
  void generatedReferenceIsUpToDate() throws Exception {
    String doc = Files.readString(DOC);
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    assertTrue(begin >= 0 && end > begin, "markers missing in " + DOC);
    String current = doc.substring(begin + BEGIN.length(), end);
    String generated = ConfigSchema.markdownReference().strip() + "\n";
    if (Boolean.getBoolean("docs.update") && !current.equals(generated)) {
      Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + generated + doc.substring(end));
      return;
    }
    assertEquals(generated, current, DOC + " is out of date: run mvn test -Dtest=ConfigDocsTest -Ddocs.update=true");
  }

  @Test
  void everyKeyIsDocumentedAndClassified() throws Exception {
    String doc = Files.readString(DOC);
    for (ConfigSchema.Entry e : ConfigSchema.entries()) {
      assertTrue(doc.contains("| `" + e.path() + "` |") || doc.contains("### `" + e.path() + "`"),
          "docs/configuration.md lacks " + e.path());
      assertTrue(!e.key().meaning().isBlank(), e.path() + " has no meaning");
    }
    assertTrue(doc.contains("status 2"), "exit code 2 is documented");
  }
}
