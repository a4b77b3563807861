package io.inferenceperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, as a test. Each package says in its package-info.java what it may import
 * from the project ("May import: record, time." or "May import: nothing." or "May import: anything."); a sub-package
 * belongs to its top-level package. The bytecode of every main class is read (ArchUnit) and any dependency on a
 * package its own does not allow fails the build, naming both classes.
 */
class LayeringTest {
  static final String BASE = "io.inferenceperf";
  private static final Pattern RULE = Pattern.compile("May import:\\s*([^.]*)\\.", Pattern.DOTALL);

  /** The rules of every top-level package under {@code sourceRoot}/{@code base}, from its package-info.java. */
  static Map<String, Set<String>> declaredRules(Path sourceRoot, String base) throws IOException {
    Path root = sourceRoot.resolve(base.replace('.', '/'));
    Map<String, Set<String>> rules = new TreeMap<>();
    try (Stream<Path> packages = Files.list(root)) {
      for (Path dir : packages.filter(Files::isDirectory).toList()) {
        Path info = dir.resolve("package-info.java");
        String text = Files.exists(info) ? Files.readString(info) : "";
        Matcher rule = RULE.matcher(text.replaceAll("\\s*\\*\\s*", " ").replaceAll("\\{@code ([a-z]+)}", "$1"));
        rules.put(dir.getFileName().toString(), rule.find() ? parse(rule.group(1)) : null);
      }
    }
    return rules;
  }

  private static Set<String> parse(String list) {
    String trimmed = list.strip();
    if (trimmed.equals("nothing")) return Set.of();
    if (trimmed.equals("anything")) return Set.of("*");
    return Arrays.stream(trimmed.split(",\\s*|\\s+and\\s+")).map(String::strip).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every dependency of a class of {@code classes} on a project package its package does not allow. */
  static List<String> violations(JavaClasses classes, String base, Map<String, Set<String>> rules) {
    List<String> found = new ArrayList<>();
    for (JavaClass from : classes) {
      String fromLayer = layer(from.getPackageName(), base);
      if (fromLayer == null) continue;
      Set<String> allowed = rules.get(fromLayer);
      if (allowed == null || allowed.contains("*")) continue;
      for (Dependency dependency : from.getDirectDependenciesFromSelf()) {
        String toLayer = layer(dependency.getTargetClass().getPackageName(), base);
        if (toLayer == null || toLayer.equals(fromLayer) || allowed.contains(toLayer)) continue;
        found.add(fromLayer + " may not import " + toLayer + ": " + dependency.getDescription());
      }
    }
    return found.stream().distinct().sorted().toList();
  }

  /** The top-level package under {@code base} ("simulator" for io.inferenceperf.simulator.http), or null. */
  private static String layer(String packageName, String base) {
    if (!packageName.startsWith(base + ".")) return null;
    String rest = packageName.substring(base.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  @Test
  void everyPackageSaysWhatItMayImport() throws IOException {
    Map<String, Set<String>> rules = declaredRules(Path.of("src/main/java"), BASE);
    List<String> silent = rules.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
    assertEquals(List.of(), silent, "packages whose package-info.java has no \"May import: ...\" line");
    for (Map.Entry<String, Set<String>> rule : rules.entrySet()) {
      for (String allowed : rule.getValue()) {
        assertTrue(allowed.equals("*") || rules.containsKey(allowed),
            rule.getKey() + " allows an unknown package: " + allowed);
      }
    }
  }

  @Test
  void noClassImportsWhatItsPackageDoesNotAllow() throws IOException {
    JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(BASE);
    assertTrue(classes.size() > 300, "the main classes were found: " + classes.size());
    List<String> violations = violations(classes, BASE, declaredRules(Path.of("src/main/java"), BASE));
    assertEquals(List.of(), violations, String.join("\n", violations));
  }

  @Test
  void aForbiddenImportInTheFixtureIsCaught() throws IOException {
    String fixture = BASE + ".layeringfixture";
    JavaClasses classes = new ClassFileImporter().importPackages(fixture);
    List<String> violations = violations(classes, fixture, declaredRules(Path.of("src/test/java"), fixture));
    assertFalse(violations.isEmpty(), "the fixture's forbidden import went unnoticed");
    for (String violation : violations) {
      assertTrue(violation.startsWith("transport may not import api: ") && violation.contains("LeakyTransport"),
          "only the fixture's one forbidden import is reported: " + violation);
    }
  }
}
