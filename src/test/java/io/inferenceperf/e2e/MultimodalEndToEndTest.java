package io.inferenceperf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferenceperf.simulator.RunningSimulator;
import io.inferenceperf.simulator.Simulator;
import io.inferenceperf.simulator.metrics.MediaParts;
import io.inferenceperf.simulator.options.SimulatorOptions;
import io.inferenceperf.tokenizer.RealTokenizers;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthetic multimodal data through the whole tool over real HTTP against the simulator: every request's body is
 * read back from per_request_lifecycle_metrics.json and each medium decoded with a standard decoder (ImageIO,
 * AudioSystem, jcodec for the H.264 MP4) to the size asked for; the per-request and summary media metrics match
 * the bodies; and the simulator's own count of media parts and bytes matches what the client says it sent.
 */
class MultimodalEndToEndTest {

  private static final int REQUESTS = 8;

  @TempDir Path dir;

  private static String yaml(String baseUrl, String data) {
    return """
        api: {type: chat, streaming: true}
        server: {type: vllm, base_url: %s, ignore_eos: true}
        tokenizer: {pretrained_model_name_or_path: "%s"}
        data: %s
        load: {type: constant, base_seed: 11, stages: [{rate: %d, duration: 1}]}
        report: {request_lifecycle: {per_request: true}}
        """.formatted(baseUrl, RealTokenizers.folder("llama3"), data, REQUESTS);
  }

  private static RunningSimulator simulator() {
    return Simulator.start(SimulatorOptions.fromMap(Map.of("profile", "fixed", "ttft_ms", 2, "itl_ms", 0.5,
        "model", "vlm")).orThrow());
  }

  @Test
  void imagesVideosAndAudioAreSentDecodableMeasuredAndCountedByTheServer() throws Exception {
    String data = """
        {type: synthetic, input_distribution: {min: 30, max: 60, mean: 45, std_dev: 10},
         output_distribution: {min: 4, max: 8, mean: 6, std_dev: 1},
         multimodal: {
           image: {count: {type: fixed, mean: 2, min: 2, max: 2}, resolutions: {height: 48, width: 64}},
           video: {count: {type: fixed, mean: 1, min: 1, max: 1},
                   profiles: {resolution: {height: 33, width: 48}, frames: 3}},
           audio: {count: {type: fixed, mean: 1, min: 1, max: 1}, durations: 0.2, insertion_point: 1.0}}}""";
    try (RunningSimulator sim = simulator()) {
      CliRunner.Result run = CliRunner.run(dir, yaml(sim.baseUrl(), data));
      assertEquals(0, run.exitCode(), run.err());
      long clientBytes = 0;
      JsonNode perRequest = run.json("per_request_lifecycle_metrics.json");
      assertEquals(REQUESTS, perRequest.size());
      for (JsonNode entry : perRequest) {
        JsonNode body = CliRunner.JSON.readTree(entry.get("request").asText());
        JsonNode content = body.at("/messages/0/content");
        assertTrue(content.isArray(), body.toString().substring(0, 200));
        Map<String, Integer> kinds = new HashMap<>();
        long bodyBytes = 0;
        for (JsonNode part : content) {
          String type = part.get("type").asText();
          kinds.merge(type, 1, Integer::sum);
          switch (type) {
            case "image_url" -> bodyBytes += checkImage(part.at("/image_url/url").asText(), 64, 48, "image/png");
            case "video_url" -> bodyBytes += checkVideo(part.at("/video_url/url").asText(), 48, 32, 3);
            case "input_audio" -> bodyBytes += checkAudio(part.get("input_audio"), 3200);
            case "text" -> assertTrue(!part.get("text").asText().isEmpty(), "no empty text parts");
            default -> throw new AssertionError("unexpected part " + type);
          }
        }
        assertEquals(2, kinds.get("image_url"));
        assertEquals(1, kinds.get("video_url"));
        assertEquals(1, kinds.get("input_audio"));
        assertEquals("input_audio", content.get(content.size() - 1).get("type").asText(), "insertion point 1.0: last");
        JsonNode metrics = entry.at("/info/request_metrics");
        assertEquals(2, metrics.at("/image/count").asInt(), metrics.toString());
        assertEquals(3072, metrics.at("/image/instances/0/pixels").asLong());
        assertEquals(64.0 / 48, metrics.at("/image/instances/1/aspect_ratio").asDouble(), 1e-9);
        assertEquals(3, metrics.at("/video/instances/0/frames").asInt());
        assertEquals(0.2, metrics.at("/audio/instances/0/seconds").asDouble(), 1e-9);
        long reported = 0;
        for (String kind : new String[] {"image", "video", "audio"}) {
          for (JsonNode instance : metrics.at("/" + kind + "/instances")) reported += instance.get("bytes").asLong();
        }
        assertEquals(bodyBytes, reported, "the reported bytes are the decoded payloads'");
        clientBytes += reported;
      }
      MediaParts server = sim.truth().snapshot().media();
      assertEquals(new MediaParts(2L * REQUESTS, REQUESTS, REQUESTS, clientBytes), server,
          "the server received what the client reports");

      JsonNode successes = run.json("summary_lifecycle_metrics.json").get("successes");
      assertEquals(REQUESTS, successes.get("count").asInt());
      assertEquals(2.0, successes.at("/image/count/mean").asDouble());
      assertEquals(3072.0, successes.at("/image/pixels/median").asDouble());
      assertEquals(3.0, successes.at("/video/frames/max").asDouble());
      assertEquals(48.0 * 33, successes.at("/video/pixels/mean").asDouble(), "pixels as configured, as inference-perf");
      assertEquals(0.2, successes.at("/audio/seconds/mean").asDouble(), 1e-9);
      assertEquals(6444.0, successes.at("/audio/bytes/min").asDouble(), "44-byte header + 3200 16-bit samples");
      double seconds = run.json("summary_lifecycle_metrics.json").get("benchmark_time_seconds").asDouble();
      assertEquals(2.0 * REQUESTS / seconds, successes.at("/throughput/images_per_sec").asDouble(), 1e-6);
      assertEquals(REQUESTS / seconds, successes.at("/throughput/audios_per_sec").asDouble(), 1e-6);
    }
  }

  @Test
  void sharedPrefixMediaAreTheSameBytesWithinAGroupAndDifferAcrossGroups() throws Exception {
    String data = """
        {type: shared_prefix,
         shared_prefix: {num_groups: 2, num_prompts_per_group: 4, system_prompt_len: 20, question_len: 10,
           output_len: 4,
           multimodal: {image: {count: {type: fixed, mean: 1, min: 1, max: 1}, insertion_point: 0.5,
                                resolutions: [{resolution: {height: 16, width: 24}}], representation: jpeg}}},
         multimodal: {video: {count: {type: fixed, mean: 1, min: 1, max: 1}, representation: png_frames,
                              profiles: {resolution: {height: 8, width: 8}, frames: 2}}}}""";
    try (RunningSimulator sim = simulator()) {
      CliRunner.Result run = CliRunner.run(dir, yaml(sim.baseUrl(), data));
      assertEquals(0, run.exitCode(), run.err());
      Map<String, String> prefixImageByPrefixText = new HashMap<>();
      Set<String> frames = new HashSet<>();
      for (JsonNode entry : run.json("per_request_lifecycle_metrics.json")) {
        JsonNode content = CliRunner.JSON.readTree(entry.get("request").asText()).at("/messages/0/content");
        assertEquals("text", content.get(0).get("type").asText(), "the prefix text comes first (point 0.5)");
        String prefixImage = content.get(1).at("/image_url/url").asText();
        checkImage(prefixImage, 24, 16, "image/jpeg");
        String previous = prefixImageByPrefixText.putIfAbsent(content.get(0).get("text").asText(), prefixImage);
        if (previous != null) assertEquals(previous, prefixImage, "one group, one prefix image");
        int pngFrames = 0;
        for (JsonNode part : content) {
          String url = part.at("/image_url/url").asText();
          if (url.startsWith("data:image/png")) {
            checkImage(url, 8, 8, "image/png");
            frames.add(url);
            pngFrames++;
          }
        }
        assertEquals(2, pngFrames, "the video as two frames");
        JsonNode metrics = entry.at("/info/request_metrics");
        assertEquals(1, metrics.at("/image/count").asInt(), "the prefix image");
        assertEquals(2, metrics.at("/video/instances/0/frames").asInt());
      }
      assertEquals(2, prefixImageByPrefixText.size(), "two groups");
      assertNotEquals(prefixImageByPrefixText.values().toArray()[0], prefixImageByPrefixText.values().toArray()[1]);
      assertTrue(frames.size() > REQUESTS, "request media are new every request: " + frames.size());
      assertEquals(new MediaParts(3L * REQUESTS, 0, 0, sim.truth().snapshot().media().bytes()),
          sim.truth().snapshot().media(), "frames arrive as image parts");
    }
  }

  /** Decodes an image data URL; its decoded size. */
  private static long checkImage(String url, int width, int height, String mime) throws Exception {
    assertTrue(url.startsWith("data:" + mime + ";base64,"), url.substring(0, Math.min(40, url.length())));
    byte[] bytes = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertNotNull(image, "ImageIO decodes it");
    assertEquals(width, image.getWidth());
    assertEquals(height, image.getHeight());
    return bytes.length;
  }

  private static long checkVideo(String url, int width, int height, int frames) throws Exception {
    assertTrue(url.startsWith("data:video/mp4;base64,"));
    byte[] bytes = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
    FrameGrab grab = FrameGrab.createFrameGrab(ByteBufferSeekableByteChannel.readFromByteBuffer(ByteBuffer.wrap(bytes)));
    int decoded = 0;
    for (Picture picture; (picture = grab.getNativeFrame()) != null; decoded++) {
      assertEquals(width, picture.getCroppedWidth());
      assertEquals(height, picture.getCroppedHeight());
    }
    assertEquals(frames, decoded);
    return bytes.length;
  }

  private static long checkAudio(JsonNode audio, int samples) throws Exception {
    assertEquals("wav", audio.get("format").asText());
    byte[] bytes = Base64.getDecoder().decode(audio.get("data").asText());
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
      assertEquals(16_000f, in.getFormat().getSampleRate());
      assertEquals(samples, in.getFrameLength());
    }
    return bytes.length;
  }
}
