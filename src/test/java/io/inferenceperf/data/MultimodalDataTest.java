package io.inferenceperf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.ApiConfig.ApiType;
import io.inferenceperf.config.DataConfig;
import io.inferenceperf.config.DataConfig.DataType;
import io.inferenceperf.config.Distribution;
import io.inferenceperf.config.MultimodalConfig;
import io.inferenceperf.config.MultimodalConfig.Audio;
import io.inferenceperf.config.MultimodalConfig.Image;
import io.inferenceperf.config.MultimodalConfig.ImageFormat;
import io.inferenceperf.config.MultimodalConfig.Placement;
import io.inferenceperf.config.MultimodalConfig.Resolution;
import io.inferenceperf.config.MultimodalConfig.Weighted;
import io.inferenceperf.media.VideoPool;
import io.inferenceperf.tokenizer.RealTokenizers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Media sampling, weaving into the text, reproducibility, and what multimodal data needs. */
class MultimodalDataTest {

  private static Distribution fixed(int n) {
    return new Distribution(n, n, n, 0, null, Distribution.Type.FIXED, null, 0);
  }

  private static MultimodalConfig images(int count, Double point, List<Weighted<Resolution>> sizes) {
    return new MultimodalConfig(new Image(new Placement(fixed(count), point, null), sizes, ImageFormat.PNG), null,
        null);
  }

  private static final List<Weighted<Resolution>> SMALL = List.of(new Weighted<>(new Resolution(8, 4), 1.0));

  @Test
  void mediaGoAtTheirPointsInTheTextAndEmptyTextIsLeftOut() {
    MediaMaker.Placed a = new MediaMaker.Placed(List.of(new ContentPart.ImageUrl("a")), 0.5);
    MediaMaker.Placed b = new MediaMaker.Placed(List.of(new ContentPart.ImageUrl("b")), 0.0);
    MediaMaker.Placed c = new MediaMaker.Placed(List.of(new ContentPart.VideoUrl("c1"), new ContentPart.VideoUrl("c2")),
        1.0);
    assertEquals(List.of(new ContentPart.ImageUrl("b"), new ContentPart.Text("abcd"), new ContentPart.ImageUrl("a"),
        new ContentPart.Text("efgh"), new ContentPart.VideoUrl("c1"), new ContentPart.VideoUrl("c2")),
        ContentWeaver.weave("abcdefgh", List.of(a, b, c)));
    assertEquals(List.of(new ContentPart.Text("x😀"), new ContentPart.ImageUrl("a")),
        ContentWeaver.weave("x😀", List.of(new MediaMaker.Placed(List.of(new ContentPart.ImageUrl("a")), 1.0))));
    assertEquals(List.of(new ContentPart.ImageUrl("a"), new ContentPart.Text("😀")),
        ContentWeaver.weave("😀", List.of(new MediaMaker.Placed(List.of(new ContentPart.ImageUrl("a")), 0.5))),
        "never cut inside a surrogate pair");
  }

  @Test
  void aPrefixAndARequestJoinWithOneSpace() {
    List<ContentPart> prefix = List.of(new ContentPart.ImageUrl("p"), new ContentPart.Text("system"));
    assertEquals(List.of(new ContentPart.ImageUrl("p"), new ContentPart.Text("system question")),
        ContentWeaver.join(prefix, List.of(new ContentPart.Text("question"))));
    assertEquals(List.of(new ContentPart.Text("system"), new ContentPart.Text(" "), new ContentPart.ImageUrl("q")),
        ContentWeaver.join(List.of(new ContentPart.Text("system")), List.of(new ContentPart.ImageUrl("q"))));
  }

  @Test
  void theSameStreamGivesTheSameMediaAndWeightsAreHonoured() {
    List<Weighted<Resolution>> sizes = List.of(new Weighted<>(new Resolution(8, 4), 3.0),
        new Weighted<>(new Resolution(4, 4), 1.0), new Weighted<>(new Resolution(2, 2), 0.0));
    MediaMaker maker = new MediaMaker(images(1, null, sizes), new VideoPool(1));
    assertEquals(maker.make(new SplittableRandom(5)).placed(), maker.make(new SplittableRandom(5)).placed());
    assertNotEquals(maker.make(new SplittableRandom(5)).placed(), maker.make(new SplittableRandom(6)).placed());
    int wide = 0;
    for (int i = 0; i < 400; i++) {
      long pixels = maker.make(new SplittableRandom(i)).stats().images().get(0).pixels();
      assertTrue(pixels == 32 || pixels == 16, "a weight of 0 is never chosen: " + pixels);
      wide += pixels == 32 ? 1 : 0;
    }
    assertTrue(wide > 260 && wide < 340, "about three in four: " + wide);
  }

  @Test
  void syntheticTextKeepsItsLengthAndGainsTheMedia() {
    Distribution input = new Distribution(20, 20, 20, 0, null, Distribution.Type.FIXED, null, 0);
    Distribution output = new Distribution(5, 5, 5, 0, null, Distribution.Type.FIXED, null, 0);
    MultimodalConfig media = new MultimodalConfig(null, null, new Audio(new Placement(fixed(2), 0.0, null),
        List.of(new Weighted<>(0.5, 1.0))));
    DataConfig data = new DataConfig(DataType.SYNTHETIC, null, null, input, output, false, null, null, media);
    DataGeneratorResult result = DataGenerators.create(TestConfigs.config(ApiType.CHAT, data, 3),
        RealTokenizers.load("llama3"));
    DataGenerator generator = assertInstanceOf(DataGeneratorResult.Ready.class, result).generator();
    Prompt prompt = generator.prompt(0, 7);
    assertEquals(5, prompt.maxTokens(), "from data.output_distribution, not inference-perf's fixed 30");
    List<ContentPart> parts = prompt.media().parts();
    assertInstanceOf(ContentPart.InputAudio.class, parts.get(0));
    assertInstanceOf(ContentPart.InputAudio.class, parts.get(1));
    assertEquals(new ContentPart.Text(prompt.text()), parts.get(2), "the text whole after the audio at 0");
    assertEquals(2, prompt.media().stats().audios().size());
    assertEquals(16_044, prompt.media().stats().audios().get(0).bytes());
    assertEquals(prompt, generator.prompt(0, 7), "reproducible");
  }

  @Test
  void mediaNeedTheChatApi() {
    Distribution d = new Distribution(20, 20, 20, 0, null, Distribution.Type.FIXED, null, 0);
    DataConfig data = new DataConfig(DataType.SYNTHETIC, null, null, d, d, false, null, null, images(1, 0.5, SMALL));
    DataGeneratorResult result = DataGenerators.create(TestConfigs.config(ApiType.COMPLETION, data, 3),
        RealTokenizers.load("llama3"));
    List<String> problems = new ArrayList<>(assertInstanceOf(DataGeneratorResult.Invalid.class, result).problems());
    assertEquals(List.of("data.multimodal needs api.type chat (media are sent as chat content parts; got api.type"
        + " completion); set api.type: chat"), problems);
  }
}
