package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.SchemaKey.Status;
import io.inferenceperf.config.Shape.ListOf;
import io.inferenceperf.config.Shape.ScalarOrSection;
import io.inferenceperf.config.Shape.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Config files cross between the two tools: a config.yaml that inference-perf saved loads here, and the config.yaml
 * saved here holds no key outside inference-perf's schema (keys marked {@link Status#EXTENSION} in
 * {@link ConfigSchema}) unless the user set it, since inference-perf refuses unknown keys.
 */
class InferencePerfRoundTripTest {

  private static final String SAVED = "inference-perf-saved/";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"random-constant.yaml", "shared-prefix-concurrent.yaml"})
  void aConfigYamlSavedByInferencePerfLoadsHere(String name) throws Exception {
    LoadResult r = Loads.resource(SAVED + name);
    Config config = ok(r);
    assertFalse(config.load().stages().isEmpty());
    // saved again here, it still holds only inference-perf's keys and gives the same run
    assertEquals(List.of(), extensionPaths(r.resolvedTree()));
    assertEquals(config, ok(reload(r)));
  }

  @Test
  void savedValuesAreReadAsInferencePerfMeantThem() {
    Config random = ok(Loads.resource(SAVED + "random-constant.yaml"));
    assertEquals(1765000000123L, random.load().baseSeed());
    assertEquals(4, random.load().numWorkers());
    assertEquals(2, random.load().stages().size());
    assertTrue(random.api().streaming());

    Config shared = ok(Loads.resource(SAVED + "shared-prefix-concurrent.yaml"));
    assertEquals(4, shared.data().sharedPrefix().numGroups(), "alias num_unique_system_prompts");
    assertEquals(5, shared.data().sharedPrefix().numPromptsPerGroup(), "alias num_users_per_system_prompt");
    assertEquals(LoadConfig.LoadType.CONCURRENT, shared.load().type());
    assertEquals("run1-", shared.storage().localStorage().reportFilePrefix());
    // the rate and duration inference-perf fills into concurrent stages before saving are not ours to use
    assertEquals(new LoadStage(null, null, 20, 4), shared.load().stages().getFirst());
  }

  @Test
  void aConcurrentStageWithAnyOtherRateIsStillRefused() {
    Loads.problem(Loads.minimalPlus("--load.type", "concurrent", "--load.stages",
        "[{\"num_requests\": 20, \"concurrency_level\": 4, \"rate\": 5, \"duration\": 1}]"),
        "load.stages[0].rate", "not allowed with load.type concurrent");
  }

  @Test
  void sessionLifecycleAsInferencePerfWritesItIsAccepted() {
    ok(Loads.minimalPlus("--report.session_lifecycle",
        "{\"summary\": true, \"per_stage\": true, \"per_session\": false}"));
    ok(Loads.minimalPlus("--report.session_lifecycle.per_session", "true"));
  }

  @Test
  void extensionKeysTheUserDidNotSetAreNotSaved() {
    for (LoadResult r : List.of(Loads.minimalPlus(), Loads.minimalPlus("--load.sweep", "{\"type\": \"linear\"}"),
        Loads.minimalPlus("--metrics",
            "{\"type\": \"prometheus\", \"prometheus\": {\"url\": \"http://127.0.0.1:9090\"}}"),
        Loads.minimalPlus("--storage.simple_storage_service", "{\"bucket_name\": \"b\"}"),
        Loads.minimalPlus("--data.type", "shared_prefix", "--data.shared_prefix", "{\"num_groups\": 3}"))) {
      ok(r);
      assertEquals(List.of(), extensionPaths(r.resolvedTree()), () -> ConfigYaml.dump(r.resolvedTree()));
    }
  }

  @Test
  void extensionKeysTheUserSetAreSavedAndTheirDefaultsAreNot() throws Exception {
    LoadResult r = Loads.minimalPlus("--load.connect_timeout", "5", "--load.distributed", "{\"replicas\": 2}",
        "--load.sweep", "{\"type\": \"slo\", \"tolerance\": 0.1}", "--report.goodput",
        "{\"constraints\": {\"ttft\": 0.5}}");
    ok(r);
    assertEquals(List.of("load.connect_timeout", "load.distributed", "load.distributed.replicas",
        "load.sweep.tolerance"), extensionPaths(r.resolvedTree()));
    Map<?, ?> load = (Map<?, ?>) r.resolvedTree().get("load");
    assertEquals(5.0, ((Number) load.get("connect_timeout")).doubleValue());
    assertFalse(load.containsKey("header_timeout"));
    // the defaults come back when the saved file is loaded
    assertEquals(ok(r), ok(reload(r)));
    assertEquals(300.0, ok(reload(r)).load().headerTimeoutSeconds());
  }

  @Test
  void anAliasIsSavedOnlyWhenTheUserWroteIt() {
    Map<?, ?> sharedPrefix = sharedPrefix(Loads.minimalPlus("--data.type", "shared_prefix",
        "--data.shared_prefix", "{\"num_groups\": 3}"));
    assertEquals(3L, sharedPrefix.get("num_groups"));
    assertFalse(sharedPrefix.containsKey("num_unique_system_prompts"), sharedPrefix.toString());
    assertFalse(sharedPrefix.containsKey("num_users_per_system_prompt"), sharedPrefix.toString());
    Map<?, ?> aliased = sharedPrefix(Loads.minimalPlus("--data.type", "shared_prefix",
        "--data.shared_prefix", "{\"num_unique_system_prompts\": 3}"));
    assertEquals(3L, aliased.get("num_unique_system_prompts"));
    assertFalse(aliased.containsKey("num_groups"), aliased.toString());
    assertTrue(aliased.containsKey("num_prompts_per_group"), aliased.toString());
  }

  private LoadResult reload(LoadResult first) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, ConfigYaml.redactedYaml(first.resolvedTree()));
    Map<String, Object> written = new Yaml().load(Files.readString(file));
    assertEquals(List.of(), unknownPaths(written), "keys outside our schema");
    return Loads.load(file, List.of());
  }

  private static Map<?, ?> sharedPrefix(LoadResult r) {
    ok(r);
    return (Map<?, ?>) ((Map<?, ?>) r.resolvedTree().get("data")).get("shared_prefix");
  }

  /** Paths of the saved tree's keys that only this tool has. */
  static List<String> extensionPaths(Map<String, Object> tree) {
    List<String> out = new ArrayList<>();
    walk(tree, ConfigSchema.ROOT, "", out, true);
    return out;
  }

  private static List<String> unknownPaths(Map<String, Object> tree) {
    List<String> out = new ArrayList<>();
    walk(tree, ConfigSchema.ROOT, "", out, false);
    return out;
  }

  /** Collects extension keys ({@code extensions}) or keys the schema does not know (otherwise). */
  private static void walk(Map<?, ?> tree, Section section, String prefix, List<String> out, boolean extensions) {
    tree.forEach((name, value) -> {
      String path = prefix.isEmpty() ? String.valueOf(name) : prefix + "." + name;
      SchemaKey key = section.key(String.valueOf(name)).orElse(null);
      if (key == null) {
        if (!extensions) {
          out.add(path);
        }
        return;
      }
      if (extensions && key.status() == Status.EXTENSION) {
        out.add(path);
      }
      Section inner = switch (key.shape()) {
        case Section s -> s;
        case ScalarOrSection s -> s.section();
        case ListOf(Section s) -> s;
        default -> null;
      };
      if (inner != null && value instanceof Map<?, ?> m) {
        walk(m, inner, path, out, extensions);
      } else if (inner != null && value instanceof List<?> list) {
        list.forEach(item -> {
          if (item instanceof Map<?, ?> m) {
            walk(m, inner, path + "[]", out, extensions);
          }
        });
      }
    });
  }
}
