package io.inferenceperf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inferenceperf.config.SchemaKey.DefaultContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: load configs with a fixed clock and CPU count, and assert on problems. */
final class Loads {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07.890Z"), ZoneOffset.UTC);
  static final int CPUS = 6;
  static final String RESOURCES = "src/test/resources/config/";
  /** The least a run needs: a server and a stage. */
  static final List<String> MINIMAL =
      List.of("--server.base_url", "http://127.0.0.1:8000", "--load.stages", "[{\"rate\": 1, \"duration\": 2}]");

  private Loads() {}

  static LoadResult resource(String name, String... overrides) {
    return load(Path.of(RESOURCES + name), Arrays.asList(overrides));
  }

  static LoadResult cli(String... overrides) {
    return load(null, Arrays.asList(overrides));
  }

  /** CLI only, on top of {@link #MINIMAL}. */
  static LoadResult minimalPlus(String... overrides) {
    List<String> args = new ArrayList<>(MINIMAL);
    args.addAll(Arrays.asList(overrides));
    return load(null, args);
  }

  /** Writes {@code yaml} to DIR/config.yml and loads it. */
  static LoadResult yaml(Path dir, String yaml, String... overrides) {
    try {
      Path file = dir.resolve("config.yml");
      Files.writeString(file, yaml);
      return load(file, Arrays.asList(overrides));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static LoadResult load(Path file, List<String> overrides) {
    return ConfigLoader.load(file, overrides, new DefaultContext(CLOCK, CPUS));
  }

  static Config ok(LoadResult r) {
    assertTrue(r.problems().isEmpty(), () -> "unexpected problems:\n" + r.formatProblems());
    assertNotNull(r.config());
    return r.config();
  }

  /** The only problem, which must be about {@code keyPath} and contain {@code fragment}. */
  static ConfigProblem onlyProblem(LoadResult r, String keyPath, String fragment) {
    assertEquals(1, r.problems().size(), () -> "expected exactly one problem, got:\n" + r.formatProblems());
    return problem(r, keyPath, fragment);
  }

  static ConfigProblem problem(LoadResult r, String keyPath, String fragment) {
    for (ConfigProblem p : r.problems()) {
      if (p.keyPath().equals(keyPath) && p.message().contains(fragment)) {
        assertTrue(r.config() == null, "a config must not be returned when there are problems");
        return p;
      }
    }
    return fail("no problem for " + keyPath + " containing '" + fragment + "' in:\n" + r.formatProblems());
  }
}
