package io.inferenceperf.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The simulator's layering (see its package-info.java): sub-packages in the order options, engine, metrics, http,
 * each using only those before it, the facade on top; from the rest of the project only {@code common}. Read from
 * the sources: every {@code io.inferenceperf.*} name in code (imports and qualified names, comments and strings
 * left out), which is every way a class of another package can be named.
 */
class SimulatorLayeringTest {
  private static final Path ROOT = Path.of("src/main/java/io/inferenceperf/simulator");
  private static final List<String> ORDER = List.of("options", "engine", "metrics", "http", "");
  private static final Pattern PROJECT_NAME = Pattern.compile("\\bio\\.inferenceperf\\.([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)");

  @Test
  void eachPartUsesOnlyTheOnesBeforeItAndCommon() throws IOException {
    List<String> violations = new ArrayList<>();
    int files = 0;
    try (Stream<Path> sources = Files.walk(ROOT)) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (source.getFileName().toString().equals("package-info.java")) continue;
        String part = ROOT.relativize(source.getParent()).toString().replace('/', '.');
        violations.addAll(violations(part, source.getFileName().toString(), Files.readString(source)));
        files++;
      }
    }
    assertTrue(files > 50, "the simulator's sources were found: " + files);
    assertEquals(List.of(), violations, String.join("\n", violations));
  }

  @Test
  void aForbiddenNameIsCaught() {
    String engineUsingHttp = """
        package io.inferenceperf.simulator.engine;
        // io.inferenceperf.transport in a comment is fine
        import io.inferenceperf.simulator.options.EngineOptions;
        import io.inferenceperf.simulator.http.Vocabulary;
        class Leaky { String s = "io.inferenceperf.api"; io.inferenceperf.transport.Pem pem; }
        """;
    assertEquals(
        List.of("engine/Leaky.java uses io.inferenceperf.simulator.http.Vocabulary",
            "engine/Leaky.java uses io.inferenceperf.transport.Pem"),
        violations("engine", "Leaky.java", engineUsingHttp));
    assertEquals(List.of(), violations("", "Facade.java", "import io.inferenceperf.simulator.http.HttpListener;"
        + " import io.inferenceperf.common.Pem;"));
  }

  /** Every project name in {@code source} (of simulator part {@code part}, "" for the facade) it may not use. */
  static List<String> violations(String part, String file, String source) {
    String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "")
        .replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    List<String> found = new ArrayList<>();
    Matcher m = PROJECT_NAME.matcher(code);
    while (m.find()) {
      if (!allowed(part, m.group(1))) {
        String where = part.isEmpty() ? file : part.replace('.', '/') + "/" + file;
        found.add(where + " uses io.inferenceperf." + m.group(1) + nextClassName(code, m.end()));
      }
    }
    return found.stream().distinct().toList();
  }

  private static boolean allowed(String part, String name) {
    if (name.equals("common") || name.startsWith("common.")) return true;
    if (!name.equals("simulator") && !name.startsWith("simulator.")) return false;
    String rest = name.equals("simulator") ? "" : name.substring("simulator.".length());
    String target = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
    int targetIndex = ORDER.indexOf(ORDER.contains(target) ? target : "");
    return targetIndex <= ORDER.indexOf(part);
  }

  /** The class name after a package name ({@code .Pem}), for the message. */
  private static String nextClassName(String code, int from) {
    Matcher m = Pattern.compile("\\.[A-Z]\\w*").matcher(code).region(from, code.length());
    return m.lookingAt() ? m.group() : "";
  }
}
