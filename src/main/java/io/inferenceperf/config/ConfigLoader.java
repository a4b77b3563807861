package io.inferenceperf.config;

import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.Origin;
import io.inferenceperf.config.SchemaKey.DefaultContext;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns a YAML config file plus {@code --section.key value} overrides into a validated {@link Config}, as
 * inference-perf does: defaults, then the file (mappings merge recursively, lists and scalars replace), then the
 * CLI overrides (the CLI wins). Every problem is collected and returned at once; nothing is thrown for bad input.
 *
 * <pre>{@code
 * LoadResult r = ConfigLoader.load(Path.of("config.yml"), List.of("--load.type", "poisson"), Clock.systemDefaultZone());
 * if (!r.ok()) { System.err.print(r.formatProblems()); System.exit(2); }
 * }</pre>
 */
public final class ConfigLoader {

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private ConfigLoader() {}

  /**
   * @param configFile the YAML file, or null to configure from defaults and overrides only
   * @param overrideArgs the override flags as given, e.g. {@code ["--load.type", "poisson", "--api.streaming=true"]}
   * @param clock start time: expands {timestamp} in storage paths and is the default load.base_seed
   */
  public static LoadResult load(Path configFile, List<String> overrideArgs, Clock clock) {
    return load(configFile, overrideArgs, new DefaultContext(clock, Runtime.getRuntime().availableProcessors()));
  }

  static LoadResult load(Path configFile, List<String> overrideArgs, DefaultContext context) {
    Findings findings = new Findings();
    List<ConfigProblem> problems = findings.problems();
    List<ConfigProblem> notes = findings.notes();
    MapNode fileTree = configFile == null ? MapNode.empty(Origin.DEFAULT) : readFile(configFile, problems);
    MapNode cliTree = CliOverrides.parse(overrideArgs, problems);
    if (fileTree == null) {
      // The file could not be read or parsed: checking the rest would only add misleading "missing key" errors.
      return new LoadResult(null, problems, notes, Map.of());
    }
    MapNode merged = TreeMerge.merge(fileTree, cliTree);
    MapNode typed = new SchemaValidator(findings, context).validate(merged);
    typed = DerivedValues.apply(typed, LocalDateTime.now(context.clock()).format(TIMESTAMP));
    Config config = new ConfigBinder(findings).bind(typed);
    problems.sort(FILE_ORDER);
    return new LoadResult(problems.isEmpty() ? config : null, problems, notes,
        Plain.toPlainMap(SavedTree.of(typed)));
  }

  /** Problems with a position first, by line and column; then the rest in the order found. */
  private static final Comparator<ConfigProblem> FILE_ORDER = Comparator
      .comparingInt((ConfigProblem p) -> p.line() > 0 ? p.line() : Integer.MAX_VALUE)
      .thenComparingInt(p -> p.line() > 0 ? p.column() : 0);

  private static MapNode readFile(Path file, List<ConfigProblem> problems) {
    String name = file.toString();
    String text;
    try {
      if (Files.isDirectory(file)) {
        problems.add(new ConfigProblem("", -1, -1, name, "is a directory, not a config file"));
        return null;
      }
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      problems.add(new ConfigProblem("", -1, -1, name, "config file not found"));
      return null;
    } catch (AccessDeniedException e) {
      problems.add(new ConfigProblem("", -1, -1, name, "config file not readable (permission denied)"));
      return null;
    } catch (CharacterCodingException e) {
      problems.add(new ConfigProblem("", -1, -1, name, "config file is not UTF-8 text"));
      return null;
    } catch (IOException e) {
      problems.add(new ConfigProblem("", -1, -1, name, "cannot read config file: " + e.getMessage()));
      return null;
    }
    return YamlReader.readFile(text, name, problems);
  }
}
