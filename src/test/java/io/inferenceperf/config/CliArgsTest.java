package io.inferenceperf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CliArgsTest {

  private static CliArgs parse(String... args) {
    return CliArgs.parse(args);
  }

  @Test
  void nothingGivenMeansDefaults() {
    CliArgs a = parse();
    assertTrue(a.ok());
    assertNull(a.configFile());
    assertEquals("INFO", a.logLevel());
    assertFalse(a.dryRun() || a.help() || a.version());
    assertEquals(List.of(), a.overrides());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-c", "--config_file", "--config-file"})
  void configFileFlagSpellings(String flag) {
    assertEquals(Path.of("my.yml"), parse(flag, "my.yml").configFile());
    if (flag.startsWith("--")) {
      assertEquals(Path.of("my.yml"), parse(flag + "=my.yml").configFile());
    }
  }

  @Test
  void globalFlagsAndOverridesAreSeparatedInOrder() {
    CliArgs a = parse("--load.type", "poisson", "-c", "c.yml", "--api.streaming=true", "--log-level", "debug",
        "--dry-run", "--load.interval", "-1", "--simulator", "{\"a\": 1}");
    assertTrue(a.ok(), a.problems().toString());
    assertEquals(Path.of("c.yml"), a.configFile());
    assertEquals("DEBUG", a.logLevel());
    assertTrue(a.dryRun());
    assertEquals(List.of("--load.type", "poisson", "--api.streaming", "true", "--load.interval", "-1",
        "--simulator", "{\"a\": 1}"), a.overrides());
  }

  @Test
  void helpAndVersion() {
    assertTrue(parse("-h").help());
    assertTrue(parse("--help").help());
    assertTrue(parse("--version").version());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "-c                              | -c: needs a value: -c PATH",
      "--config_file --dry-run         | --config_file: needs a value: --config_file PATH",
      "--load.type                     | --load.type: needs a value: --load.type VALUE",
      "--load.type --api.streaming 1   | --load.type: needs a value: --load.type VALUE",
      "--log-level LOUD                | --log-level: must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL (got 'LOUD')",
      "--config x.yml                  | --config: unknown option (did you mean --config_file?)",
      "--dryrun                        | --dryrun: unknown option (did you mean --dry-run?)",
      "--verison                       | --verison: unknown option (did you mean --version?)",
      "-x                              | -x: unknown option",
      "--dry-run=yes                   | --dry-run: takes no value",
      "stray                           | command line: unexpected argument 'stray' (config keys are set as --section.key"
          + " VALUE)",
      "-c a.yml -c b.yml               | -c: the config file is given twice",
  })
  void mistakesAreProblemsNotExceptions(String argLine, String expected) {
    CliArgs a = parse(argLine.trim().split("\\s+"));
    assertEquals(1, a.problems().size(), a.problems().toString());
    assertEquals(expected.trim(), a.problems().get(0).format());
  }

  @Test
  void unknownDottedFlagsArePassedOnForTheLoaderToExplain() {
    CliArgs a = parse("--lod.type", "x");
    assertTrue(a.ok());
    LoadResult r = Loads.load(null, a.overrides());
    Loads.problem(r, "lod", "did you mean load?");
  }

  @Test
  void parsedOverridesLoadLikeRawOnes() {
    String[] args = {"--server.base_url=http://127.0.0.1:9", "--load.stages", "[{\"rate\":3,\"duration\":4}]",
        "--api.type", "chat"};
    CliArgs a = parse(args);
    assertEquals(Loads.ok(Loads.load(null, List.of(args))), Loads.ok(Loads.load(null, a.overrides())));
  }

  @Test
  void helpTextListsGlobalFlagsAndEverySupportedKey() {
    String help = CliArgs.globalHelp() + ConfigSchema.helpText();
    assertTrue(help.contains("--config_file"));
    for (ConfigSchema.Entry e : ConfigSchema.entries()) {
      if (e.key().supported() && !(e.key().shape() instanceof Shape.Section)) {
        assertTrue(help.contains(e.path() + "  ("), "help lacks " + e.path());
      } else if (!e.key().supported()) {
        assertFalse(help.contains(e.path() + "  ("), "help lists unsupported " + e.path());
      }
    }
  }
}
