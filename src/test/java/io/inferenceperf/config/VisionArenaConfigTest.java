package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static io.inferenceperf.config.Loads.onlyProblem;
import static io.inferenceperf.config.Loads.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.DataConfig.DataType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data.type visionarena and data.visionarena: inference-perf's keys and defaults, and the problems it can have. */
class VisionArenaConfigTest {

  @TempDir Path dir;

  private static final String HEAD = """
      server: {base_url: "http://127.0.0.1:8000"}
      api: {type: %s}
      load: {stages: [{rate: 1, duration: 2}]}
      data:
        type: visionarena
      """;

  private LoadResult load(String api, String visionArenaYaml, String... overrides) {
    String yaml = HEAD.formatted(api) + (visionArenaYaml == null ? "" : "  visionarena:\n"
        + visionArenaYaml.indent(4));
    return Loads.yaml(dir, yaml, overrides);
  }

  @Test
  void everyKeyIsBoundAndAbsentKeysTakeInferencePerfsDefaults() {
    DataConfig data = ok(load("chat", null)).data();
    assertEquals(DataType.VISIONARENA, data.type());
    assertNull(data.visionArena());
    assertEquals(new VisionArenaConfig("lmarena-ai/VisionArena-Chat", "train", 1000, 1, 0.0, null),
        data.visionArenaOrDefaults());
    assertTrue(data.hasMedia());

    VisionArenaConfig set = ok(load("chat", """
        hf_dataset_name: mirror/VisionArena
        hf_split: test
        num_rows: 500
        max_images_per_request: 3
        insertion_point: 0.75
        """)).data().visionArena();
    assertEquals(new VisionArenaConfig("mirror/VisionArena", "test", 500, 3, 0.75, null), set);

    VisionArenaConfig drawn = ok(load("chat", "insertion_point: {type: uniform, min: 0, max: 1}")).data()
        .visionArena();
    assertNull(drawn.insertionPoint());
    assertEquals(Distribution.Type.UNIFORM, drawn.insertionDistribution().type());
    assertEquals(1, drawn.insertionDistribution().max());

    assertEquals(250, ok(load("chat", null, "--data.visionarena.num_rows", "250")).data().visionArena().numRows());
  }

  @Test
  void theCompletionAndAnthropicApisAreRefusedNamingApiType() {
    for (String api : new String[] {"completion", "anthropic_messages"}) {
      ConfigProblem p = onlyProblem(load(api, null), "api.type", "data.type visionarena sends images as chat"
          + " content parts, so it needs api.type chat (got " + api + "); set api.type: chat");
      assertTrue(p.format().contains(":2:"), p.format());
    }
    ok(load("auto", null)); // resolved before the run; the data generator checks it again
  }

  @Test
  void badValuesAreProblemsNamingTheKey() {
    onlyProblem(load("chat", "num_rows: 0"), "data.visionarena.num_rows", "must be >= 1");
    onlyProblem(load("chat", "max_images_per_request: 0"), "data.visionarena.max_images_per_request",
        "must be >= 1");
    problem(load("chat", "insertion_point: 1.5"), "data.visionarena.insertion_point", "1.5");
    onlyProblem(load("chat", "hf_data_files: []"), "data.visionarena.hf_data_files", "is an empty list");
    onlyProblem(load("chat", "hf_data_files: [\"a.parquet\", {x: 1}]"), "data.visionarena.hf_data_files",
        "must be a file name or glob pattern");
    onlyProblem(load("chat", "hf_data_files: {test: \"t.parquet\"}"), "data.visionarena.hf_data_files",
        "has no entry for hf_split 'train' (it has test)");
    onlyProblem(load("chat", "num_row: 5"), "data.visionarena.num_row", "did you mean data.visionarena.num_rows");
  }

  @Test
  void hfDataFilesIsAPatternAListOfThemOrAMappingOfSplits() {
    assertNull(ok(load("chat", "num_rows: 5")).data().visionArena().hfDataFiles());
    assertEquals(List.of("data/train-0000*.parquet"), ok(load("chat", "hf_data_files: \"data/train-0000*.parquet\""))
        .data().visionArena().hfDataFiles());
    assertEquals(List.of("a/*.parquet", "b.parquet"), ok(load("chat", "hf_data_files: [\"a/*.parquet\", b.parquet]"))
        .data().visionArena().hfDataFiles());
    assertEquals(List.of("test-*.parquet"), ok(load("chat", """
        hf_split: test
        hf_data_files: {train: "train-*.parquet", test: ["test-*.parquet"]}
        """)).data().visionArena().hfDataFiles());
    assertEquals(List.of("x.parquet"), ok(load("chat", null, "--data.visionarena.hf_data_files", "x.parquet"))
        .data().visionArena().hfDataFiles());
  }

  @Test
  void settingsOfTheOtherTypeAreNotedNotFatal() {
    LoadResult other = Loads.yaml(dir, """
        server: {base_url: "http://127.0.0.1:8000"}
        api: {type: chat}
        load: {stages: [{rate: 1, duration: 2}]}
        data: {type: mock, visionarena: {num_rows: 5}}
        """);
    ok(other);
    assertTrue(other.notes().stream().anyMatch(n -> n.keyPath().equals("data.visionarena")
        && n.message().contains("not used by data.type mock")), other.notes().toString());
    LoadResult lengths = load("chat", null, "--data.output_distribution", "{\"min\": 1, \"max\": 5}");
    ok(lengths);
    assertTrue(lengths.notes().stream().anyMatch(n -> n.keyPath().equals("data.output_distribution")
        && n.message().contains("not used by data.type visionarena")), lengths.notes().toString());
  }
}
