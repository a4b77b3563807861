package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static io.inferenceperf.config.Loads.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.MultimodalConfig.ImageFormat;
import io.inferenceperf.config.MultimodalConfig.Resolution;
import io.inferenceperf.config.MultimodalConfig.VideoFormat;
import io.inferenceperf.config.MultimodalConfig.VideoProfile;
import io.inferenceperf.config.MultimodalConfig.Weighted;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data.multimodal and data.shared_prefix.multimodal: every form inference-perf accepts, and clear problems. */
class MultimodalConfigTest {

  @TempDir Path dir;

  private static final String HEAD = """
      server: {base_url: "http://127.0.0.1:8000"}
      api: {type: chat}
      load: {stages: [{rate: 1, duration: 2}]}
      data:
        type: synthetic
        input_distribution: {min: 20, max: 40, mean: 30}
        output_distribution: {min: 5, max: 10, mean: 8}
      """;

  private LoadResult media(String multimodalYaml) {
    return Loads.yaml(dir, HEAD + "  multimodal:\n" + multimodalYaml.indent(4));
  }

  @Test
  void everyFormOfEveryKeyIsBound() {
    MultimodalConfig m = ok(media("""
        image:
          count: {type: fixed, mean: 2, min: 2, max: 2}
          insertion_point: 0.25
          resolutions: [{resolution: 1080p, weight: 3}, {resolution: {height: 100, width: 200}}]
          representation: jpeg
        video:
          count: {type: uniform, min: 0, max: 2}
          insertion_point: {type: uniform, min: 0, max: 1}
          profiles: {resolution: 360p, frames: 4}
          representation: jpeg_frames
        audio:
          count: {type: poisson, mean: 1, min: 0, max: 3}
          durations: [{duration: 0.5, weight: 1}, {duration: 2}]
        """)).data().multimodal();
    assertEquals(List.of(new Weighted<>(new Resolution(1920, 1080), 3.0), new Weighted<>(new Resolution(200, 100),
        1.0)), m.image().resolutions());
    assertEquals(ImageFormat.JPEG, m.image().format());
    assertEquals(0.25, m.image().placement().insertionPoint());
    assertEquals(Distribution.Type.FIXED, m.image().placement().count().type());
    assertEquals(List.of(new Weighted<>(new VideoProfile(new Resolution(640, 360), 4), 1.0)), m.video().profiles());
    assertEquals(VideoFormat.JPEG_FRAMES, m.video().format());
    assertEquals(Distribution.Type.UNIFORM, m.video().placement().insertionDistribution().type());
    assertEquals(List.of(new Weighted<>(0.5, 1.0), new Weighted<>(2.0, 1.0)), m.audio().durationsSeconds());
    assertNull(m.audio().placement().insertionPoint());
    assertTrue(m.addsMedia());
  }

  @Test
  void theSavedConfigYamlLoadsBackToTheSameSettings() throws Exception {
    LoadResult first = media("""
        image: {count: {type: fixed, mean: 1, min: 1, max: 1}, resolutions: [{resolution: 720p, weight: 2}]}
        video: {profiles: [{profile: {resolution: {height: 8, width: 6}, frames: 2}}], representation: png_frames}
        audio: {durations: 1.5, insertion_point: {type: uniform, min: 0, max: 1}}
        """);
    Path saved = dir.resolve("saved.yaml");
    java.nio.file.Files.writeString(saved, ConfigYaml.redactedYaml(first.resolvedTree()));
    LoadResult again = Loads.load(saved, List.of());
    assertEquals(ok(first).data().multimodal(), ok(again).data().multimodal());
  }

  @Test
  void inferencePerfsFlagsSetTheKeys() {
    MultimodalConfig m = ok(Loads.minimalPlus("--api.type", "chat", "--data.type", "synthetic",
        "--data.input_distribution", "{\"min\": 20, \"max\": 40, \"mean\": 30}",
        "--data.output_distribution", "{\"min\": 5, \"max\": 10, \"mean\": 8}",
        "--data.multimodal.image.count.mean", "2", "--data.multimodal.image.resolutions", "720p",
        "--data.multimodal.image.representation", "jpeg")).data().multimodal();
    assertEquals(2.0, m.image().placement().count().mean());
    assertEquals(new Resolution(1280, 720), m.image().resolutions().get(0).value());
    assertEquals(ImageFormat.JPEG, m.image().format());
  }

  @Test
  void absentSizesTakeInferencePerfsDefaults() {
    MultimodalConfig m = ok(media("""
        image: {count: {type: fixed, mean: 1, min: 1, max: 1}}
        video: {}
        audio: {}
        """)).data().multimodal();
    assertEquals(List.of(new Weighted<>(new Resolution(512, 512), 1.0)), m.image().resolutions());
    assertEquals(ImageFormat.PNG, m.image().format());
    assertEquals(List.of(new Weighted<>(new VideoProfile(new Resolution(512, 512), 10), 1.0)), m.video().profiles());
    assertEquals(VideoFormat.MP4, m.video().format());
    assertEquals(List.of(new Weighted<>(1.0, 1.0)), m.audio().durationsSeconds());
    assertNull(m.video().placement().count(), "no count: no videos, as in inference-perf");
  }

  @Test
  void sharedPrefixTakesPrefixMedia() {
    Config config = ok(Loads.yaml(dir, """
        server: {base_url: "http://127.0.0.1:8000"}
        api: {type: chat}
        load: {stages: [{rate: 1, duration: 2}]}
        data:
          type: shared_prefix
          shared_prefix: {multimodal: {image: {count: {type: fixed, mean: 1, min: 1, max: 1}, resolutions: 720p}}}
          multimodal: {audio: {count: {type: fixed, mean: 1, min: 1, max: 1}, durations: 0.25}}
        """));
    assertEquals(new Resolution(1280, 720), config.data().sharedPrefix().multimodal().image().resolutions().get(0)
        .value());
    assertEquals(0.25, config.data().multimodal().audio().durationsSeconds().get(0).value());
  }

  @Test
  void anUnknownPresetNamesTheKeyAndThePresets() {
    LoadResult r = media("image: {resolutions: 8k}");
    ConfigProblem p = problem(r, "data.multimodal.image.resolutions", "unknown resolution '8k'");
    assertTrue(p.message().contains("1080p, 360p, 4k, 720p") && p.message().contains("{height: H, width: W}"),
        p.message());
    assertTrue(p.line() > 0, "points at the file line");
  }

  @Test
  void badShapesAndValuesAreEachNamed() {
    LoadResult r = media("""
        image: {resolutions: [{resolution: {height: 0, width: 20}}, {resolution: 720p, weight: -1}, 5]}
        video: {profiles: {resolution: 720p}}
        audio: {durations: [{duration: abc}, {seconds: 2}]}
        """);
    problem(r, "data.multimodal.image.resolutions[0].resolution.height", "must be from 1 to 16384 pixels, got 0");
    problem(r, "data.multimodal.image.resolutions[1].weight", "must be a number >= 0, got -1");
    problem(r, "data.multimodal.image.resolutions[2]", "must be a mapping {resolution: ..., weight: 1.0}");
    problem(r, "data.multimodal.video.profiles.frames", "is missing");
    problem(r, "data.multimodal.audio.durations[0].duration", "must be a number of seconds");
    problem(r, "data.multimodal.audio.durations[1].seconds", "unknown key; expected {duration: 2.5, weight: 1.0}");
  }

  @Test
  void representationsAndInsertionPointsAreChecked() {
    LoadResult r = media("""
        image: {representation: webp, insertion_point: 1.5}
        video: {representation: gif}
        """);
    problem(r, "data.multimodal.image.representation", "png");
    problem(r, "data.multimodal.image.insertion_point", "1.5");
    problem(r, "data.multimodal.video.representation", "png_frames");
  }

  @Test
  void multimodalNeedsATypeThatUsesIt() {
    LoadResult r = Loads.yaml(dir, """
        server: {base_url: "http://127.0.0.1:8000"}
        load: {stages: [{rate: 1, duration: 2}]}
        data: {type: mock, multimodal: {image: {}}}
        """);
    problem(r, "data.multimodal", "only used by data.type synthetic");
  }

  @Test
  void prefixMediaCannotBeMultiTurn() {
    LoadResult r = Loads.yaml(dir, """
        server: {base_url: "http://127.0.0.1:8000"}
        load: {stages: [{rate: 1, duration: 2}]}
        data: {type: shared_prefix, shared_prefix: {enable_multi_turn_chat: true, multimodal: {image: {}}}}
        """);
    problem(r, "data.shared_prefix.multimodal", "enable_multi_turn_chat");
  }

  @Test
  void aCountWhoseMeanIsClippedGetsANote() {
    LoadResult r = media("image: {count: {type: fixed, mean: 2}}");
    assertTrue(r.problems().isEmpty(), r.formatProblems());
    assertTrue(r.notes().stream().anyMatch(n -> n.keyPath().equals("data.multimodal.image.count.mean")
        && n.message().contains("clipped to min")), () -> r.notes().toString());
  }
}
